package dev.ussllab.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    /** Delivers one byte per read, as a peer that sends one TLS record per character would. */
    private static InputStream trickle(String s) {
        return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static String read(InputStream in, int max) throws IOException {
        return new String(MessageReader.readMessage(in, max), StandardCharsets.UTF_8);
    }

    @Test
    void stopsAfterTheNewlineWhateverTheChunking() throws IOException {
        assertEquals("hello\n", read(trickle("hello\nrest"), 1024));
        InputStream in = new ByteArrayInputStream("hello\nrest".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello\n", read(in, 1024));
    }

    @Test
    void stopsAtEndOfStreamOrTheLimit() throws IOException {
        assertEquals("no newline", read(trickle("no newline"), 1024));
        assertEquals("abcd", read(trickle("abcdefgh\n"), 4));
        assertEquals("", read(trickle(""), 1024));
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
