package dev.ussllab.device.repl;

/** Python source literals for values the driver embeds in the programs it sends. */
final class PyLiteral {
    private PyLiteral() {}

    /** Hex digits for \xNN: String.format per byte cost ~100 ms per 100 KB put, this ~2 ms. */
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A bytes literal like the w(b'...') chunks mpremote sends: printable ASCII, else \xNN. */
    static String bytes(byte[] data, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2 + 3).append("b'");
        for (int i = off; i < off + len; i++) {
            int c = data[i] & 0xff;
            if (c == '\'' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.append('\'').toString();
    }

    /** A str literal for a board path or message (escapes quotes, backslashes, control characters). */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
