package dev.ussllab.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloParser;
import dev.ussllab.profile.hello.Ja3;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The remembered JA3 is the one a fresh parse gives, for the hello it is asked about. */
class Ja3MemoTest {

    /** The ESP8266's ClientHello message (shared/reference/esp8266-ussl-profile.md), no record header. */
    private static final String HEAD = "0100003f" + "0303";
    private static final String RANDOM = "0000002a" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c";
    private static final String REST = "0008002f003c0035003d" + "0100" + "000e" + "000d000a00080601050104010201";
    private static final byte[] ESP8266 = HexFormat.of().parseHex(HEAD + RANDOM + "00" + REST);

    private static Ja3 fresh(byte[] m) {
        return Ja3.of(ClientHelloParser.parseHandshake(m, ClientHello.NO_RECORD));
    }

    @Test
    void givesTheParsedJa3AndTheSameForAnotherRandomAndSessionId() {
        Ja3Memo memo = new Ja3Memo();
        assertEquals("771,47-60-53-61,13,,", memo.of(ESP8266).text());
        assertEquals(fresh(ESP8266), memo.of(ESP8266));
        byte[] other = HexFormat.of().parseHex("01000043" + "0303" + "ff".repeat(32) + "04" + "01020304" + REST);
        assertEquals(fresh(other), memo.of(other));
        assertEquals(memo.of(ESP8266), memo.of(other));
    }

    @Test
    void anotherSuiteListIsAnotherJa3() {
        Ja3Memo memo = new Ja3Memo();
        byte[] fewer = HexFormat.of().parseHex("0100003d" + "0303" + RANDOM + "00" + "0006002f003c0035" + "0100"
                + "000e" + "000d000a00080601050104010201");
        memo.of(ESP8266);
        assertEquals("771,47-60-53,13,,", memo.of(fewer).text());
        assertNotEquals(memo.of(ESP8266), memo.of(fewer));
    }

    @Test
    void aHelloTheParserRefusesHasNoJa3EvenTheSecondTime() {
        Ja3Memo memo = new Ja3Memo();
        byte[] cut = Arrays.copyOf(ESP8266, ESP8266.length - 3);
        assertNull(memo.of(cut));
        assertNull(memo.of(cut));
        assertNull(memo.of(new byte[] {1, 0, 0, 2, 3, 3}));
    }

    @Test
    void keepsOnlyTheLastHellos() {
        Ja3Memo memo = new Ja3Memo();
        for (int i = 0; i < Ja3Memo.KEPT + 10; i++) {
            byte[] m = HexFormat.of().parseHex("0100003f" + "0303" + RANDOM + "00" + "0008002f003c0035"
                    + String.format("%04x", 0x1000 + i) + "0100" + "000e" + "000d000a00080601050104010201");
            assertEquals(fresh(m), memo.of(m));
        }
        assertEquals(fresh(ESP8266), memo.of(ESP8266));
    }
}
