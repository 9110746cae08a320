package dev.ussllab.device.repl;

/** Python source literals for values the driver embeds in the programs it sends. */
final class PyLiteral {
    private PyLiteral() {}

    /** A bytes literal as repr() writes it (what mpremote sends): printable ASCII, else \xNN. */
    static String bytes(byte[] data, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2 + 3).append("b'");
        for (int i = off; i < off + len; i++) {
            int c = data[i] & 0xff;
            if (c == '\'' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
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
