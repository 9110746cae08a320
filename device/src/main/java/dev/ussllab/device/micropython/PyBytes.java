package dev.ussllab.device.micropython;

import java.util.Arrays;

/** Immutable bytes, compared and hashed by content so they work as dict keys. */
final class PyBytes {
    final byte[] data;

    PyBytes(byte[] data) {
        this.data = data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyBytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Hex digits for \xNN: mpremote's get reprs every chunk, and String.format per byte is ~50x slower. */
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** repr() exactly as MicroPython writes it: b'...' with \x escapes, \\ \' \n \r \t. */
    String repr() {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : data) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char q = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(q);
        for (byte b : data) {
            int c = b & 0xff;
            if (c == q || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.append(q).toString();
    }
}
