package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Key-log lines are split by hand now: exactly where trim().split("\\s+") split them. */
class KeyLogTest {

    @Test
    void fieldsAreWhatTheRegexSplitGave() {
        String[] lines = {"CLIENT_RANDOM aa bb", "  CLIENT_RANDOM\taa \t bb  ", "a b", "a b c d", "", "   ", "a\u000bb\fc",
            "a\u0001b c d", "a\u00a0b c", "x  y\r\nz", "one"};
        for (String line : lines) {
            check(line);
        }
        Random random = new Random(5);
        String alphabet = "ab \t\n\u000b\f\r\u0001\u001f\u00a0";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            check(b.toString());
        }
    }

    private static void check(String line) {
        String trimmed = line.trim();
        String[] regex = trimmed.split("\\s+");
        String[] ours = KeyLog.fields(trimmed);
        if (regex.length == 3) {
            assertArrayEquals(regex, ours, "'" + line + "'");
        } else {
            assertEquals(null, ours, "'" + line + "'");
        }
    }

    @Test
    void linesAreLookedUpByClientRandom() {
        KeyLog log = new KeyLog();
        byte[] random = new byte[32];
        random[0] = (byte) 0xAB;
        String hex = HexFormat.of().formatHex(random).toUpperCase();
        assertTrue(log.add("CLIENT_RANDOM " + hex + "  0011\t"));
        assertFalse(log.add("CLIENT_RANDOM " + hex));
        assertFalse(log.add("CLIENT_RANDOM zz 0011"));
        assertNotNull(log.secret(random, "CLIENT_RANDOM"));
        assertArrayEquals(new byte[] {0x00, 0x11}, log.secret(random, "CLIENT_RANDOM"));
    }
}
