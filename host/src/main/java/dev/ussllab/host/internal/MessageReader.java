package dev.ussllab.host.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The host's one message per connection, as the seed reads it with recv(1024).strip() but without
 * depending on how the client split its records: collected chunk by chunk until a newline, the
 * peer's close, or the size limit, whichever comes first. Pure: bytes in, message out.
 */
public final class MessageReader {

    private final int max;
    private final ByteArrayOutputStream buf;
    private boolean complete;

    public MessageReader(int max) {
        this.max = max;
        this.buf = new ByteArrayOutputStream(Math.min(max, 1024));
    }

    /**
     * Takes the next plaintext chunk; true once the message is complete (a newline or the limit).
     * Bytes after the newline or beyond the limit are not the message: a reader that kept them
     * would steal bytes the client never meant for us.
     */
    public boolean offer(byte[] b, int off, int n) {
        if (complete) {
            return true;
        }
        int use = Math.min(n, max - buf.size());
        int nl = indexOf(b, off, use, (byte) '\n');
        buf.write(b, off, nl < 0 ? use : nl - off + 1);
        complete = nl >= 0 || buf.size() >= max;
        return complete;
    }

    /** The bytes collected so far (all of them once complete or at the peer's close). */
    public byte[] message() {
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

    private static int indexOf(byte[] b, int off, int n, byte v) {
        for (int i = off; i < off + n; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
