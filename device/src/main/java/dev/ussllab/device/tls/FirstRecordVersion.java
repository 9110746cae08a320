package dev.ussllab.device.tls;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Rewrites the record-layer version of the very first record written (the ClientHello) and passes
 * everything after it through untouched. Bouncy Castle hard-codes 0x0301 for the first flight
 * (RFC 8446 D.4 advice) and offers no hook for it; axTLS writes 0x0303. The record version of a
 * plaintext handshake record is not covered by any MAC or by the handshake hash, so changing it on
 * the way out alters nothing else. Works however the record is split across write calls.
 */
final class FirstRecordVersion extends FilterOutputStream {

    /** Bytes of the first record header: type(1) version(2) length(2), RFC 5246 6.2.1. */
    private static final int HEADER = 5;

    private final int version;
    private int written;

    FirstRecordVersion(OutputStream out, int version) {
        super(out);
        this.version = version;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(rewrite(written++, b));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (written >= HEADER) {
            out.write(b, off, len);
            return;
        }
        int head = Math.min(len, HEADER - written);
        byte[] copy = new byte[head];
        for (int i = 0; i < head; i++) {
            copy[i] = (byte) rewrite(written++, b[off + i]);
        }
        out.write(copy);
        if (len > head) {
            out.write(b, off + head, len - head);
        }
    }

    private int rewrite(int position, int b) {
        if (position == 1) {
            return version >>> 8;
        }
        if (position == 2) {
            return version & 0xff;
        }
        return b;
    }
}
