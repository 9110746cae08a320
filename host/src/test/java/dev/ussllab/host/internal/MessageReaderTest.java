package dev.ussllab.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    /** Offers s in chunks of the given size, as a peer sending one TLS record per chunk would. */
    private static String read(String s, int chunk, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MessageReader r = new MessageReader(max);
        for (int off = 0; off < b.length; off += chunk) {
            if (r.offer(b, off, Math.min(chunk, b.length - off))) {
                break;
            }
        }
        return new String(r.message(), StandardCharsets.UTF_8);
    }

    @Test
    void stopsAfterTheNewlineWhateverTheChunking() {
        assertEquals("hello\n", read("hello\nrest", 1, 1024));
        assertEquals("hello\n", read("hello\nrest", 3, 1024));
        assertEquals("hello\n", read("hello\nrest", 100, 1024));
    }

    @Test
    void stopsAtTheEndOrTheLimit() {
        assertEquals("no newline", read("no newline", 1, 1024));
        assertEquals("abcd", read("abcdefgh\n", 1, 4));
        assertEquals("abcd", read("abcdefgh\n", 3, 4));
        assertEquals("", read("", 1, 1024));
    }

    @Test
    void stripAndUpperAreAsPythonBytes() {
        assertArrayEquals("a b".getBytes(), MessageReader.strip(" \t\r\na b\n\u000b\f".getBytes(StandardCharsets.ISO_8859_1)));
        assertArrayEquals("HELLO ÄÖ 1!".getBytes(StandardCharsets.UTF_8),
                MessageReader.upper("hello ÄÖ 1!".getBytes(StandardCharsets.UTF_8)));
        // Python: b"\xc3\xa4".upper() leaves the UTF-8 bytes of "ä" alone.
        assertArrayEquals("ä".getBytes(StandardCharsets.UTF_8), MessageReader.upper("ä".getBytes(StandardCharsets.UTF_8)));
    }
}
