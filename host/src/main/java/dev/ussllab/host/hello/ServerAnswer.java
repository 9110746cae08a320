package dev.ussllab.host.hello;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * What a server answers to a given ClientHello: the version and suite of its ServerHello, or the
 * alert it sent. Replaying a captured hello (a real board's, say) against the host shows what
 * the host would negotiate with that client without the client being here.
 *
 * @param version the negotiated version (supported_versions in the ServerHello wins), or -1
 * @param suite the chosen cipher suite, or -1
 * @param alert the alert description the server sent instead, or -1
 * @param helloRetry true when the answer was a HelloRetryRequest (TLS 1.3 asks for another key share)
 */
public record ServerAnswer(int version, int suite, int alert, boolean helloRetry) {

    private static final int HANDSHAKE = 22;
    private static final int ALERT = 21;
    private static final int SERVER_HELLO = 2;
    private static final int SUPPORTED_VERSIONS = 43;
    /** RFC 8446 section 4.1.3: the random of a HelloRetryRequest is SHA-256("HelloRetryRequest"). */
    private static final byte[] HRR_RANDOM = java.util.HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    private static final int MAX_READ = 1 << 16;

    public boolean accepted() {
        return suite >= 0;
    }

    /** Sends the hello records, reads until the ServerHello or an alert, closes. */
    public static ServerAnswer probe(InetSocketAddress server, byte[] helloRecords, int timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(server, timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(helloRecords);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    /** Parses the server's first flight from a stream (pure apart from the stream). */
    static ServerAnswer read(InputStream in) throws IOException {
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int total = 0;
        while (total < MAX_READ) {
            byte[] header = in.readNBytes(5);
            if (header.length < 5) {
                throw new EOFException("the server closed the connection without answering the ClientHello");
            }
            int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("the server's answer ends inside a record");
            }
            total += 5 + length;
            if ((header[0] & 0xFF) == ALERT && length >= 2) {
                return new ServerAnswer(-1, -1, body[1] & 0xFF, false);
            }
            if ((header[0] & 0xFF) != HANDSHAKE) {
                throw new IOException("the server answered with record type " + (header[0] & 0xFF));
            }
            handshake.write(body);
            byte[] h = handshake.toByteArray();
            if (h.length >= 4) {
                int n = ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
                if (h[0] != SERVER_HELLO) {
                    throw new IOException("the server's first handshake message is type " + h[0]);
                }
                if (h.length >= 4 + n) {
                    return parseServerHello(Arrays.copyOfRange(h, 4, 4 + n));
                }
            }
        }
        throw new IOException("no ServerHello within " + MAX_READ + " bytes");
    }

    static ServerAnswer parseServerHello(byte[] b) throws IOException {
        try {
            int p = 0;
            int version = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            p += 2;
            boolean hrr = Arrays.equals(Arrays.copyOfRange(b, p, p + 32), HRR_RANDOM);
            p += 32;
            p += 1 + (b[p] & 0xFF); // session id
            int suite = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            p += 3; // suite, compression
            if (p + 2 <= b.length) {
                int end = p + 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                p += 2;
                while (p + 4 <= end) {
                    int type = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                    int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
                    if (type == SUPPORTED_VERSIONS && len == 2) {
                        version = ((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF);
                    }
                    p += 4 + len;
                }
            }
            return new ServerAnswer(version, suite, -1, hrr);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("the server's ServerHello is truncated");
        }
    }
}
