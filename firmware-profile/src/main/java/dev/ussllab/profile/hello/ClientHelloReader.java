package dev.ussllab.profile.hello;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one ClientHello from a stream of TLS records (a socket, a file), however the sender split
 * it: across several records, and however the bytes arrive. Keeps every byte it consumed so a
 * relay can pass them on unchanged. Blocking reads rely on the stream's own timeout.
 */
public final class ClientHelloReader {

    /** Record content type handshake (RFC 8446 section 5.1). */
    static final int HANDSHAKE = 22;
    /** Record content type alert: a client that gives up before its hello is complete. */
    static final int ALERT = 21;
    /** RFC 8446 section 5.1: a plaintext record fragment is at most 2^14 bytes. */
    static final int MAX_FRAGMENT = 1 << 14;
    /**
     * The largest ClientHello body the format allows: version, random, 32-byte session id, 65534
     * bytes of suites, 255 compression methods, 65535 bytes of extensions (all length-prefixed).
     */
    static final int MAX_HELLO = 2 + 32 + 1 + 32 + 2 + 65534 + 1 + 255 + 2 + 65535;
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_HEADER = 4;

    /** The parsed hello and the exact bytes (whole records) read to get it. */
    public record Result(ClientHello hello, byte[] consumed) {}

    private ClientHelloReader() {}

    public static Result read(InputStream in) throws IOException {
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int recordVersion = ClientHello.NO_RECORD;
        int needed = -1;
        while (needed < 0 || handshake.size() < needed) {
            int at = consumed.size();
            byte[] header = readFully(in, RECORD_HEADER, at, "record header");
            consumed.write(header);
            int type = header[0] & 0xFF;
            if (type != HANDSHAKE) {
                throw new MalformedHelloException("record content type", at, describeType(type, header));
            }
            int version = ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
            if ((header[1] & 0xFF) != 0x03) { // SSL 3.0 and every TLS version share major 3
                throw new MalformedHelloException("record version", at + 1,
                        String.format("0x%04x is not an SSL 3.0 or TLS version", version));
            }
            int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (length == 0 || length > MAX_FRAGMENT) {
                throw new MalformedHelloException("record length", at + 3,
                        length + " is outside 1.." + MAX_FRAGMENT);
            }
            if (recordVersion == ClientHello.NO_RECORD) {
                recordVersion = version;
            }
            byte[] fragment = readFully(in, length, at + RECORD_HEADER, "record fragment");
            consumed.write(fragment);
            handshake.write(fragment);
            if (needed < 0 && handshake.size() >= HANDSHAKE_HEADER) {
                needed = handshakeLength(handshake.toByteArray());
            }
        }
        ClientHello hello = ClientHelloParser.parseHandshake(handshake.toByteArray(), recordVersion);
        return new Result(hello, consumed.toByteArray());
    }

    private static int handshakeLength(byte[] start) {
        int type = start[0] & 0xFF;
        if (type != ClientHelloParser.CLIENT_HELLO) {
            throw new MalformedHelloException("handshake type", 0,
                    String.format("0x%02x is not client_hello (0x01)", type));
        }
        int body = ((start[1] & 0xFF) << 16) | ((start[2] & 0xFF) << 8) | (start[3] & 0xFF);
        if (body > MAX_HELLO) {
            throw new MalformedHelloException("handshake length", 1,
                    body + " is larger than any ClientHello can be (" + MAX_HELLO + ")");
        }
        return HANDSHAKE_HEADER + body;
    }

    private static String describeType(int type, byte[] header) {
        if (type == ALERT) {
            return "an alert record (21): the client gave up";
        }
        if (type == 0x80 || type < 20 || type > 24) {
            String text = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.matches("[A-Z]{3,5} .*|[A-Za-z0-9 ./]{5}")) {
                return "0x" + Integer.toHexString(type) + " is not TLS (the bytes look like text: \""
                        + text.replaceAll("[^ -~]", ".") + "...\")";
            }
            return String.format("0x%02x is not TLS handshake (0x16)", type);
        }
        return type + " is not handshake (22)";
    }

    private static byte[] readFully(InputStream in, int n, int at, String field) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(buf, got, n - got);
            if (r < 0) {
                if (at + got == 0) {
                    throw new EOFException("the peer closed the connection without sending anything");
                }
                throw new MalformedHelloException(field, at, "needs " + n + " bytes but the input ends after "
                        + got);
            }
            got += r;
        }
        return buf;
    }
}
