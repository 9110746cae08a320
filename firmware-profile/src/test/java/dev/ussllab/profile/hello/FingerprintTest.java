package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JA3 and JA4 against the published examples of their specifications and the ESP8266 reference. */
class FingerprintTest {

    private static final byte[] RANDOM = new byte[32];
    private static final int GREASE_1 = 0x0a0a;
    private static final int GREASE_2 = 0x5a5a;

    @Test
    void ja3MatchesTheSalesforceReadmeExample() {
        // salesforce/ja3 README: the string and its MD5 as published there.
        ClientHello h = new ClientHello(0x0301, 769, RANDOM, new byte[0],
                List.of(47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4), List.of(0),
                List.of(sni("example.com"), ext(10, "0006" + "00170018" + "0019"), ext(11, "0100")));
        Ja3 ja3 = Ja3.of(h);
        assertEquals("769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0", ja3.text());
        assertEquals("ada70206e40642a3e4461f35503241d5", ja3.md5());
    }

    @Test
    void ja3DropsGreaseEverywhere() {
        ClientHello h = new ClientHello(0x0301, 0x0303, RANDOM, new byte[0], List.of(GREASE_1, 0x1301),
                List.of(0), List.of(ext(GREASE_2, ""), ext(10, "0004" + "2a2a001d"), ext(11, "0100")));
        assertEquals("771,4865,10-11,29,0", Ja3.of(h).text());
    }

    @Test
    void ja3OfTheEsp8266MatchesTheReference() {
        // shared/reference/esp8266-ussl-profile.md, "Fingerprints of that hello".
        assertEquals("771,47-60-53-61,13,,", Ja3.of(ClientHelloParser.parse(Hellos.ESP8266)).text());
        assertEquals("771,47-60-53-61,13-0,,", Ja3.of(ClientHelloParser.parse(Hellos.ESP8266_SNI)).text());
    }

    /** The hello FoxIO's JA4.md describes in its "Example" and "Raw Output" sections, with GREASE added. */
    static ClientHello foxioExample() {
        List<Integer> suites = List.of(GREASE_1, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030,
                0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
        List<Extension> exts = new ArrayList<>();
        exts.add(ext(GREASE_2, ""));
        exts.add(ext(0x001b, "020002"));
        exts.add(sni("www.example.com"));
        exts.add(ext(0x0033, "0029" + "3a3a000100" + "001d0020" + "00".repeat(32)));
        exts.add(ext(0x0010, "000c" + "02" + hex("h2") + "08" + hex("http/1.1")));
        exts.add(ext(0x4469, "0003" + "02" + hex("h2")));
        exts.add(ext(0x0017, ""));
        exts.add(ext(0x002d, "0101"));
        exts.add(ext(0x000d, "0010" + "04030804040105030805050108060601"));
        exts.add(ext(0x0005, "0100000000"));
        exts.add(ext(0x0023, ""));
        exts.add(ext(0x0012, ""));
        exts.add(ext(0x002b, "06" + "4a4a" + "0304" + "0303"));
        exts.add(ext(0xff01, "00"));
        exts.add(ext(0x000b, "0100"));
        exts.add(ext(0x000a, "0008" + "6a6a" + "001d" + "0017" + "0018"));
        exts.add(ext(0x0015, "00".repeat(20)));
        exts.add(ext(0xfafa, "00"));
        return new ClientHello(0x0301, 0x0303, RANDOM, new byte[32], suites, List.of(0), exts);
    }

    @Test
    void ja4MatchesTheFoxioSpecExample() {
        Ja4 ja4 = Ja4.of(foxioExample());
        // technical_details/JA4.md "Example" and "Raw Output" (JA4_r), verbatim.
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ja4.fingerprint());
        assertEquals("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9"
                + "_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01"
                + "_0403,0804,0401,0503,0805,0501,0806,0601", ja4.raw());
    }

    @Test
    void ja4ExtensionHashWithoutSignatureAlgorithmsHasNoUnderscore() {
        // JA4.md "Extension hash": this list alone hashes to 6d807ffa2a79.
        assertEquals("6d807ffa2a79",
                Ja4.hash("0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01"));
        List<Extension> exts = new ArrayList<>(foxioExample().extensions());
        exts.removeIf(e -> e.type() == 0x000d);
        ClientHello h = new ClientHello(0x0301, 0x0303, RANDOM, new byte[0], foxioExample().cipherSuites(),
                List.of(0), exts);
        // one extension fewer (15), and 000d left the list: 0005,000a,000b,0012,...
        String expected = Ja4.hash("0005,000a,000b,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01");
        assertEquals("t13d1515h2_8daaf6152771_" + expected, Ja4.of(h).fingerprint());
    }

    @Test
    void ja4AlpnRulesFromTheSpec() {
        // JA4.md "ALPN Extension Value": its five byte examples, plus the h2/http/1.1 cases.
        assertEquals("h2", Ja4.alpn(List.of("h2".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("h1", Ja4.alpn(List.of("http/1.1".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("00", Ja4.alpn(List.of()));
        assertEquals("00", Ja4.alpn(List.of(new byte[0])));
        assertEquals("ab", Ja4.alpn(List.of(HexFormat.of().parseHex("ab"))));
        assertEquals("ad", Ja4.alpn(List.of(HexFormat.of().parseHex("abcd"))));
        assertEquals("3b", Ja4.alpn(List.of(HexFormat.of().parseHex("30ab"))));
        assertEquals("3d", Ja4.alpn(List.of(HexFormat.of().parseHex("3031abcd"))));
        assertEquals("01", Ja4.alpn(List.of(HexFormat.of().parseHex("30abcd31"))));
    }

    @Test
    void ja4OfTheEsp8266() {
        // Hashes computed with coreutils: printf '%s' '002f,0035,003c,003d' | sha256sum -> 6cd4fcdfba3a;
        // printf '%s' '000d_0601,0501,0401,0201' | sha256sum -> b272446b170b.
        assertEquals("t12i040100_6cd4fcdfba3a_b272446b170b", Ja4.of(ClientHelloParser.parse(Hellos.ESP8266)).fingerprint());
        assertEquals("t12d040200_6cd4fcdfba3a_b272446b170b",
                Ja4.of(ClientHelloParser.parse(Hellos.ESP8266_SNI)).fingerprint());
    }

    @Test
    void ja4WithNoExtensionsUsesZeros() {
        ClientHello h = new ClientHello(0x0301, 0x0301, RANDOM, new byte[0], List.of(0x002f), List.of(0), List.of());
        assertEquals("t10i010000_" + Ja4.hash("002f") + "_000000000000", Ja4.of(h).fingerprint());
    }

    static Extension ext(int type, String hex) {
        return new Extension(type, HexFormat.of().parseHex(hex));
    }

    static Extension sni(String host) {
        String name = hex(host);
        int n = host.length();
        return ext(0, String.format("%04x00%04x", n + 3, n) + name);
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }
}
