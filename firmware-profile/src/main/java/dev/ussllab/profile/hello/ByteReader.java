package dev.ussllab.profile.hello;

import java.util.Arrays;

/**
 * A bounds-checked cursor over part of a byte array. Every read names the field it reads, so a
 * length that runs past the end becomes a {@link MalformedHelloException} naming that field and
 * its offset (relative to the start of the message the caller reports against).
 */
final class ByteReader {

    private final byte[] data;
    private final int end;
    private final int base;
    private int pos;

    /** Reads data[start, end); offsets in errors are reported as base + (position - start). */
    ByteReader(byte[] data, int start, int end, int base) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.base = base - start;
    }

    static ByteReader of(byte[] data) {
        return new ByteReader(data, 0, data.length, 0);
    }

    int offset() {
        return base + pos;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n, String field) {
        if (n > end - pos) {
            throw new MalformedHelloException(field, offset(),
                    "needs " + n + " byte" + (n == 1 ? "" : "s") + " but only " + (end - pos) + " remain");
        }
    }

    int u8(String field) {
        need(1, field);
        return data[pos++] & 0xFF;
    }

    int u16(String field) {
        need(2, field);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int u24(String field) {
        need(3, field);
        int v = ((data[pos] & 0xFF) << 16) | ((data[pos + 1] & 0xFF) << 8) | (data[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    /** All bytes not read yet. */
    byte[] rest() {
        return bytes(end - pos, "");
    }

    /** A reader over the next n bytes (a length-prefixed vector's content), advancing past them. */
    ByteReader sub(int n, String field) {
        int at = offset();
        if (n > end - pos) {
            throw new MalformedHelloException(field, at,
                    "length " + n + " runs past the end (" + (end - pos) + " bytes left)");
        }
        ByteReader r = new ByteReader(data, pos, pos + n, at);
        pos += n;
        return r;
    }

    /** Reads a u8 or u16 length, then returns a reader over exactly that many bytes. */
    ByteReader vector(int lengthBytes, String field) {
        int at = offset();
        int n = lengthBytes == 1 ? u8(field + " length") : u16(field + " length");
        if (n > end - pos) {
            throw new MalformedHelloException(field, at,
                    "length " + n + " runs past the end (" + (end - pos) + " bytes left)");
        }
        ByteReader r = new ByteReader(data, pos, pos + n, offset());
        pos += n;
        return r;
    }

    void expectEnd(String field) {
        if (pos != end) {
            throw new MalformedHelloException(field, offset(), (end - pos) + " unexpected trailing byte"
                    + (end - pos == 1 ? "" : "s"));
        }
    }
}
