package dev.ussllab.host.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The host's one message per connection, as the seed reads it with recv(1024).strip() but without
 * depending on how the client split its records: read until a newline, the peer's close, or the
 * size limit, whichever comes first. Pure: works on any stream.
 */
public final class MessageReader {

    private MessageReader() {}

    /** Reads at most max bytes, stopping after the first '\n' or at end of stream. */
    public static byte[] readMessage(InputStream in, int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.min(max, 1024));
        byte[] chunk = new byte[Math.min(max, 16 * 1024)];
        while (buf.size() < max) {
            int n = in.read(chunk, 0, Math.min(chunk.length, max - buf.size()));
            if (n < 0) {
                break;
            }
            int nl = indexOf(chunk, n, (byte) '\n');
            buf.write(chunk, 0, nl < 0 ? n : nl + 1);
            if (nl >= 0) {
                break; // a reader that reads past the newline would steal bytes the client never meant for us
            }
        }
        return buf.toByteArray();
    }

    /** Python's bytes.strip(): ASCII whitespace (space, \t \n \r \x0b \x0c) off both ends. */
    public static byte[] strip(byte[] b) {
        int from = 0;
        int to = b.length;
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(b, from, to);
    }

    /** Python's bytes.upper(): ASCII a-z only; UTF-8 multi-byte sequences pass through unchanged. */
    public static byte[] upper(byte[] b) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'a' && out[i] <= 'z') {
                out[i] -= 'a' - 'A';
            }
        }
        return out;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0d);
    }

    private static int indexOf(byte[] b, int n, byte v) {
        for (int i = 0; i < n; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
