package dev.ussllab.host.decrypt;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Output text built straight as the bytes that will be written, in the output's charset: what
 * decrypt prints per session (about 50 MB for 2,000 sessions of 24 KB) is escaped from the
 * plaintext into one array and written from it, where a String went through a StringBuilder, was
 * widened to chars by the PrintWriter and encoded back to bytes (a third of a key-log run's CPU
 * under the quick JIT, tools/BENCHMARKS.md). Leaves room at the front so the printing thread can
 * put a short prefix ("session 12") before what a worker built without copying it.
 */
public final class TextBuffer {

    private final Charset charset;
    private byte[] buf;
    private int start;
    private int end;

    /**
     * @param capacity bytes expected (grows as needed)
     * @param headroom bytes kept free in front for {@link #prepend}
     * @param charset how characters beyond ASCII are encoded (ASCII is written as it is)
     */
    public TextBuffer(int capacity, int headroom, Charset charset) {
        this.charset = charset;
        this.buf = new byte[headroom + Math.max(capacity, 16)];
        this.start = headroom;
        this.end = headroom;
    }

    public Charset charset() {
        return charset;
    }

    /** The bytes are array()[start() .. end()). */
    public byte[] array() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    /** Bytes held. */
    public int length() {
        return end - start;
    }

    /** Cuts back to an earlier {@link #length()}. */
    public void setLength(int length) {
        end = start + length;
    }

    /** Room for n more bytes at the end; returns the array to write them into, from {@link #end()}. */
    byte[] reserve(int n) {
        if (buf.length - end < n) {
            buf = Arrays.copyOf(buf, Math.max(end + n, buf.length + (buf.length >> 1)));
        }
        return buf;
    }

    /** Bytes written into {@link #reserve}'s array are now part of the text. */
    void advance(int n) {
        end += n;
    }

    public TextBuffer append(char ascii) {
        reserve(1)[end++] = (byte) ascii;
        return this;
    }

    /** The string in the charset; ASCII strings (nearly all decrypt prints) are copied as they are. */
    public TextBuffer append(String s) {
        int n = s.length();
        byte[] b = reserve(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                end -= i; // undo, then encode the whole string: the same bytes a Writer in this charset writes
                return append(s.getBytes(charset));
            }
            b[end++] = (byte) c;
        }
        return this;
    }

    public TextBuffer append(byte[] bytes) {
        System.arraycopy(bytes, 0, reserve(bytes.length), end, bytes.length);
        end += bytes.length;
        return this;
    }

    public TextBuffer append(long n) {
        return append(Long.toString(n));
    }

    /** Lower-case hex of the bytes, as HexFormat.of().formatHex gives. */
    public TextBuffer hex(byte[] data) {
        byte[] b = reserve(2 * data.length);
        int at = end;
        for (byte x : data) {
            b[at++] = HEX[(x >> 4) & 0xf];
            b[at++] = HEX[x & 0xf];
        }
        end = at;
        return this;
    }

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    /**
     * Puts an ASCII prefix in front, in the room left there (else by copying once).
     */
    public void prepend(String ascii) {
        int n = ascii.length();
        if (n > start) {
            byte[] grown = new byte[n + (end - start) + (buf.length - end)];
            System.arraycopy(buf, start, grown, n, end - start);
            end = n + (end - start);
            start = n;
            buf = grown;
        }
        start -= n;
        for (int i = 0; i < n; i++) {
            buf[start + i] = (byte) ascii.charAt(i);
        }
    }

    /** The text, decoded from the charset. */
    @Override
    public String toString() {
        return new String(buf, start, end - start, charset);
    }
}
