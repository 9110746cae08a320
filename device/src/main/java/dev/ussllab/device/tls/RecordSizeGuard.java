package dev.ussllab.device.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Reads each record header ahead of the TLS stack and refuses a record longer than the client's
 * buffer, the way axTLS's basic_read does: it looks at the length field before anything else (even
 * before the content type), so a plain-text "HTTP/1.1 400" answer, whose bytes 3-4 ("P/") read as
 * length 20527, fails as a buffer overflow on the real board too.
 */
final class RecordSizeGuard extends FilterInputStream {

    /** Record header: type(1) version(2) length(2), RFC 5246 6.2.1. */
    static final int HEADER = 5;

    private final int limit;
    private final byte[] header = new byte[HEADER];
    private int headerLen;
    private int headerOut;
    private long bodyLeft;
    private int overflowSize = -1;
    private boolean endOfStream;

    private final HandshakeTrace trace;

    RecordSizeGuard(InputStream in, int limit) {
        this(in, limit, null);
    }

    /** @param trace told every record length seen, or null */
    RecordSizeGuard(InputStream in, int limit, HandshakeTrace trace) {
        super(in);
        this.limit = limit;
        this.trace = trace;
    }

    /** The length of the record that was refused, or -1. */
    int overflowSize() {
        return overflowSize;
    }

    /** Whether the peer closed its side (Bouncy Castle reports that mid-handshake as handshake_failure). */
    boolean endOfStream() {
        return endOfStream;
    }

    int limit() {
        return limit;
    }

    /** The header bytes of the refused record (to tell plain text from TLS). */
    byte[] overflowHeader() {
        return header.clone();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (headerOut < headerLen) {
            return deliverHeader(b, off, len);
        }
        if (bodyLeft > 0) {
            int n = in.read(b, off, (int) Math.min(len, bodyLeft));
            if (n > 0) {
                bodyLeft -= n;
            } else if (n < 0) {
                endOfStream = true;
            }
            return n;
        }
        headerLen = 0;
        headerOut = 0;
        while (headerLen < HEADER) {
            int n = in.read(header, headerLen, HEADER - headerLen);
            if (n < 0) {
                endOfStream = true;
                break;
            }
            headerLen += n;
        }
        if (headerLen == 0) {
            return -1;
        }
        if (headerLen == HEADER) {
            int length = (header[3] & 0xff) << 8 | header[4] & 0xff;
            if (trace != null) {
                trace.record(length);
            }
            if (length > limit) {
                overflowSize = length;
                throw new TlsFatalAlert(AlertDescription.record_overflow,
                        "TLS buffer overflow, record size: " + length + " (+5)");
            }
            bodyLeft = length;
        }
        return deliverHeader(b, off, len);
    }

    private int deliverHeader(byte[] b, int off, int len) {
        int n = Math.min(len, headerLen - headerOut);
        System.arraycopy(header, headerOut, b, off, n);
        headerOut += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (headerLen - headerOut) + (int) Math.min(in.available(), bodyLeft);
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported on a TLS record stream");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
