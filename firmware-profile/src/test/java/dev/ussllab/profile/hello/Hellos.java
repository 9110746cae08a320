package dev.ussllab.profile.hello;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Golden ClientHellos for tests, with where each came from. */
final class Hellos {

    private Hellos() {}

    /**
     * The ESP8266 MicroPython hello, typed in from the byte layout in
     * shared/reference/esp8266-ussl-profile.md ("ClientHello, byte by byte"); the random is
     * 00 00 00 2a (42 s since boot) followed by 28 bytes 01..1c in place of the hardware RNG's.
     */
    static final byte[] ESP8266 = HexFormat.of().parseHex(
            "1603030043" + "0100003f" + "0303"
            + "0000002a" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
            + "00" + "0008002f003c0035003d" + "0100"
            + "000e" + "000d000a00080601050104010201");

    /** The same with wrap_socket(..., server_hostname="example.com"): server_name after sigalgs. */
    static final byte[] ESP8266_SNI = HexFormat.of().parseHex(
            "1603030057" + "01000053" + "0303"
            + "0000002a" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
            + "00" + "0008002f003c0035003d" + "0100"
            + "0022" + "000d000a00080601050104010201"
            + "00000010000e00000b6578616d706c652e636f6d");

    /**
     * Corrupts the seeds {@code rounds} times (1 to maxFlips random bytes, and one time in
     * truncateOneIn cut to a random length) and parses and fingerprints each: any exception but
     * the parser's own escapes. Returns how many were rejected with MalformedHelloException.
     */
    static int corruptAndParse(Random random, List<byte[]> seeds, int rounds, int maxFlips, int truncateOneIn) {
        int rejected = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] b = seeds.get(i % seeds.size()).clone();
            for (int flips = 1 + random.nextInt(maxFlips); flips > 0; flips--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(truncateOneIn) == 0) {
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
        return rejected;
    }
}
