package dev.ussllab.host.decrypt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
     * goes from the plaintext into the output bytes in runs: eight bytes at a time are checked for
     * anything to escape, and each run between escapes is copied at once. Under the quick JIT decrypt
     * runs with, this costs about a quarter of a byte-at-a-time loop (50 MB of board text: about
     * 50 ms against 200-300 ms, measured), which was a tenth of a key-log run's CPU.
     */
    public static boolean appendText(TextBuffer b, byte[] data, boolean json) {
        int mark = b.length();
        byte[] escapes = json ? JSON_ESCAPES : TEXT_ESCAPES;
        long quote = ONES * (json ? '"' : '\\');
        int i = 0;
        int n = data.length;
        while (i < n) {
            int chunkEnd = Math.min(n, i + CHUNK); // at most 2 bytes out per byte in: reserved once per chunk
            byte[] out = b.reserve(2 * (chunkEnd - i));
            int o = b.end();
            while (i < chunkEnd) {
                int run = i;
                while (i + 8 <= chunkEnd && plain((long) LONGS.get(data, i), quote)) {
                    i += 8;
                }
                while (i < chunkEnd && escapes[data[i] & 0xff] == 0) {
                    i++;
                }
                if (i > run) {
                    System.arraycopy(data, run, out, o, i - run);
                    o += i - run;
                }
                if (i == chunkEnd) {
                    break;
                }
                byte e = escapes[data[i] & 0xff];
                if (e < 0) {
                    b.setLength(mark);
                    return e == BEYOND_ASCII && appendDecoded(b, data, json);
                }
                out[o++] = '\\';
                out[o++] = e;
                i++;
            }
            b.advance(o - b.end());
        }
        return true;
    }

    /** UTF-8 beyond ASCII: the decoder decides, then {@link #escape}. */
    private static boolean appendDecoded(TextBuffer b, byte[] data, boolean json) {
        String s = text(data);
        if (s == null) {
            return false;
        }
        b.append(escape(s, json));
        return true;
    }

    private static final int CHUNK = 8192;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte NOT_TEXT = -2;
    private static final byte BEYOND_ASCII = -1;
    /** Per byte: 0 copied as it is, NOT_TEXT, BEYOND_ASCII, else written as a backslash and this. */
    private static final byte[] TEXT_ESCAPES = escapes(false);
    private static final byte[] JSON_ESCAPES = escapes(true);

    private static byte[] escapes(boolean json) {
        byte[] t = new byte[256];
        for (int c = 0; c < 256; c++) {
            t[c] = c >= 0x80 ? BEYOND_ASCII : c < 0x20 || c == 0x7f ? NOT_TEXT : 0;
        }
        t['\n'] = 'n';
        t['\r'] = 'r';
        t['\t'] = 't';
        t['\\'] = '\\';
        if (json) {
            t['"'] = '"';
        }
        return t;
    }

    /**
     * True when none of the eight bytes needs a look: no byte below 0x20, none from 0x7f up, no
     * backslash, no byte equal to the quote's (the quote repeated in each byte). Each test is the
     * exact "some byte is zero / below n" bit trick, so a true answer is always right.
     */
    private static boolean plain(long w, long quote) {
        long below20 = (w - ONES * 0x20) & ~w;
        long from7f = w + ONES; // 0x7f becomes 0x80; bytes from 0x80 up are caught by w itself
        long bs = w ^ (ONES * '\\');
        long q = w ^ quote;
        return ((below20 | from7f | w | ((bs - ONES) & ~bs) | ((q - ONES) & ~q)) & HIGHS) == 0;
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
