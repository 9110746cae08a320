package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Long runs: 300,000 corruptions, and the parser's speed (printed, not asserted). */
@Tag("long")
class ParserSoakTest {

    private static final List<byte[]> SEEDS = List.of(Hellos.ESP8266, Hellos.ESP8266_SNI,
            ClientHelloEncoder.record(FingerprintTest.foxioExample()));

    @Test
    void manyCorruptionsRaiseOnlyTheParsersError() {
        int rejected = Hellos.corruptAndParse(new Random(1), SEEDS, 300_000, 4, 3);
        assertTrue(rejected > 30_000, "rejected " + rejected);
    }

    @Test
    void parseAndFingerprintSpeed() {
        byte[] chrome = SEEDS.get(2);
        for (int warm = 0; warm < 50_000; warm++) {
            Ja4.of(ClientHelloParser.parse(chrome));
        }
        int n = 200_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ClientHelloParser.parse(chrome);
        }
        long t1 = System.nanoTime();
        ClientHello h = ClientHelloParser.parse(chrome);
        for (int i = 0; i < n; i++) {
            Ja3.of(h);
            Ja4.of(h);
        }
        long t2 = System.nanoTime();
        System.out.printf("ClientHello parse (%d bytes, %d extensions): %.0f/s; JA3+JA4: %.0f/s%n", chrome.length,
                h.extensions().size(), n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9));
    }
}
