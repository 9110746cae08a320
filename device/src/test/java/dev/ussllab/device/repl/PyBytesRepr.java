package dev.ussllab.device.repl;

import java.io.ByteArrayOutputStream;

/**
 * CPython 3's repr() of bytes (what pyboard.py and mpremote put in their w(...) programs) and
 * its reading back (what they do with ast.literal_eval). CPython's rule: quote with ' unless the
 * bytes hold ' and no "; escape \\, the quote, \t \n \r, and anything outside 0x20-0x7e as \xNN.
 */
final class PyBytesRepr {
    private PyBytesRepr() {}

    static String of(byte[] data) {
        boolean single = indexOf(data, '\'') < 0 || indexOf(data, '"') >= 0;
        char quote = single ? '\'' : '"';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte x : data) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c == quote) {
                        sb.append('\\').append(quote);
                    } else if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.append(quote).toString();
    }

    /** A b'...' or b"..." literal with the escapes repr() writes. */
    static byte[] parse(String literal) {
        if (literal.length() < 3 || literal.charAt(0) != 'b' || literal.charAt(1) != literal.charAt(literal.length() - 1)) {
            throw new IllegalArgumentException("not a bytes literal: " + literal);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 2; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 'x' -> {
                    out.write(Integer.parseInt(literal.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, char c) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
