package dev.ussllab.host.decrypt;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** How decrypted bytes and endpoints are rendered: shared by the command's printer and the demo. */
public final class Plaintext {

    private Plaintext() {}

    /** "addr:port", IPv6 in brackets. */
    public static String endpoint(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The bytes as text when they are valid UTF-8 with no control characters but tab, CR and LF. */
    public static String text(byte[] data) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                return null;
            }
        }
        return s;
    }

    /**
     * Appends the bytes, escaped as {@link #escape} does, when they are text ({@link #text});
     * appends nothing and returns false otherwise. Printable ASCII, the bulk of what boards send,
     * is escaped straight from the bytes into bytes and appended as one Latin-1 string: a char at
     * a time through the StringBuilder cost several times more under the quick JIT decrypt runs with.
     */
    public static boolean appendText(StringBuilder b, byte[] data, boolean json) {
        byte[] out = new byte[data.length + (data.length >> 3) + 16]; // grown below if escapes need more
        int n = 0;
        for (byte x : data) {
            int c = x & 0xff;
            if (n + 2 > out.length) {
                out = Arrays.copyOf(out, 2 * out.length);
            }
            if (c >= 0x20 && c < 0x7f) {
                if (c == '\\' || c == '"' && json) {
                    out[n++] = '\\';
                }
                out[n++] = x;
            } else if (c == '\n' || c == '\r' || c == '\t') {
                out[n++] = '\\';
                out[n++] = (byte) (c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
            } else if (c >= 0x80) {
                String s = text(data); // UTF-8 beyond ASCII: the decoder decides
                if (s == null) {
                    return false;
                }
                b.append(escape(s, json));
                return true;
            } else {
                return false; // a control character: not text
            }
        }
        b.append(new String(out, 0, n, StandardCharsets.ISO_8859_1));
        return true;
    }

    /** Escapes so each record stays on one line (text) or is a valid JSON string. */
    public static String escape(String s, boolean json) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append(json ? "\\\"" : "\"");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
