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

    private static TextBuffer buffer(String initial) {
        return new TextBuffer(4, 0, StandardCharsets.UTF_8).append(initial);
    }

    private static void same(byte[] data, boolean json) {
        TextBuffer b = buffer("before|");
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
        TextBuffer b = buffer("kept");
        assertFalse(Plaintext.appendText(b, new byte[] {'a', 'b', 0x00}, false));
        assertEquals("kept", b.toString());
    }

    /**
     * Runs of plain ASCII are checked eight bytes at a time: every byte value, at every place in
     * and around an eight-byte word, in runs of every length near the word size, must still be
     * escaped exactly as the slow path escapes it.
     */
    @Test
    void everyByteAtEveryPlaceOfTheWordIsSeen() {
        for (boolean json : new boolean[] {false, true}) {
            for (int length = 1; length <= 19; length++) {
                for (int at = 0; at < length; at++) {
                    for (int c = 0; c < 256; c++) {
                        byte[] data = new byte[length];
                        Arrays.fill(data, (byte) 'a');
                        data[at] = (byte) c;
                        same(data, json);
                    }
                }
            }
        }
        java.util.Random random = new java.util.Random(13);
        byte[] alphabet = "ab \"\\\n\r\t~\u007f".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(40)];
            for (int j = 0; j < data.length; j++) {
                data[j] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) (' ' + random.nextInt(95));
            }
            same(data, i % 2 == 0);
        }
    }

    @Test
    void recordsLargerThanTheReservedChunkGrowTheBuffer() {
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 7 == 0 ? '\n' : i % 11 == 0 ? '\\' : 'a' + i % 26);
        }
        same(data, false);
        same(data, true);
    }

    private static String append(String s, boolean json) {
        TextBuffer b = buffer("");
        assertTrue(Plaintext.appendText(b, s.getBytes(StandardCharsets.ISO_8859_1), json));
        return b.toString();
    }
}
