package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
        Random random = new Random(1);
        int rejected = 0;
        for (int i = 0; i < 300_000; i++) {
            byte[] b = SEEDS.get(i % SEEDS.size()).clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(3) == 0) {
                b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            try {
                ClientHello h = ClientHelloParser.parse(b);
                Ja3.of(h);
                Ja4.of(h);
                h.extensions().forEach(Extension::describe);
            } catch (MalformedHelloException expected) {
                rejected++;
            }
        }
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
