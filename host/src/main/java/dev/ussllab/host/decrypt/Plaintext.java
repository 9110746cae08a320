package dev.ussllab.host.decrypt;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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
     * is escaped straight from the bytes without decoding.
     */
    public static boolean appendText(StringBuilder b, byte[] data, boolean json) {
        int start = b.length();
        b.ensureCapacity(start + data.length + 16);
        for (byte x : data) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                if (c == '\\') {
                    b.append("\\\\");
                } else if (c == '"' && json) {
                    b.append("\\\"");
                } else {
                    b.append((char) c);
                }
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c >= 0x80) {
                b.setLength(start); // UTF-8 beyond ASCII: the decoder decides
                String s = text(data);
                if (s == null) {
                    return false;
                }
                b.append(escape(s, json));
                return true;
            } else {
                b.setLength(start); // a control character: not text
                return false;
            }
        }
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
