package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * appendText (the fast path decrypt prints every record through) gives exactly what
 * escape(text(data)) gives, appends nothing when the bytes are not text, and keeps what the
 * builder held before.
 */
class PlaintextTest {

    private static void same(byte[] data, boolean json) {
        StringBuilder b = new StringBuilder("before|");
        String text = Plaintext.text(data);
        boolean appended = Plaintext.appendText(b, data, json);
        assertEquals(text != null, appended, new String(data, StandardCharsets.ISO_8859_1));
        assertEquals(text == null ? "before|" : "before|" + Plaintext.escape(text, json), b.toString());
    }

    @Test
    void printableAsciiAndItsEscapesMatchTheSlowPath() {
        for (boolean json : new boolean[] {false, true}) {
            same("the board says hello over kRSA, line 000001\n".getBytes(StandardCharsets.US_ASCII), json);
            same("tab\there\r\nquote \" backslash \\ end".getBytes(StandardCharsets.US_ASCII), json);
            same(new byte[0], json);
        }
        assertEquals("a\\\\b\"c\\n", append("a\\b\"c\n", false));
        assertEquals("a\\\\b\\\"c\\n", append("a\\b\"c\n", true));
    }

    @Test
    void escapesThatDoubleTheLengthGrowTheBuffer() {
        byte[] backslashes = new byte[10_000];
        Arrays.fill(backslashes, (byte) '\\');
        same(backslashes, false);
        byte[] newlines = new byte[3];
        Arrays.fill(newlines, (byte) '\n');
        same(newlines, true);
        assertEquals("\\\\".repeat(10_000), append(new String(backslashes, StandardCharsets.US_ASCII), false));
    }

    @Test
    void utf8IsDecodedAndBinaryIsRefused() {
        same("température 21 °C, ok\n".getBytes(StandardCharsets.UTF_8), false);
        same("ünïcode \"q\"".getBytes(StandardCharsets.UTF_8), true);
        same(new byte[] {'o', 'k', 0x01}, false); // a control character
        same(new byte[] {'o', 'k', 0x7f}, false); // DEL
        same(new byte[] {'o', 'k', (byte) 0xc3}, false); // UTF-8 cut in the middle of a character
        same(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, false);
        StringBuilder b = new StringBuilder("kept");
        assertFalse(Plaintext.appendText(b, new byte[] {'a', 'b', 0x00}, false));
        assertEquals("kept", b.toString());
    }

    private static String append(String s, boolean json) {
        StringBuilder b = new StringBuilder();
        assertTrue(Plaintext.appendText(b, s.getBytes(StandardCharsets.ISO_8859_1), json));
        return b.toString();
    }
}
