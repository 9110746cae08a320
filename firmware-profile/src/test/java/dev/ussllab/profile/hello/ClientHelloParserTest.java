package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientHelloParserTest {

    @Test
    void parsesTheEsp8266HelloFieldByField() {
        ClientHello h = ClientHelloParser.parse(Hellos.ESP8266);
        assertEquals(0x0303, h.recordVersion());
        assertEquals(0x0303, h.clientVersion());
        assertEquals(42, h.random()[3]);
        assertEquals(0, h.sessionId().length);
        assertEquals(List.of(0x002f, 0x003c, 0x0035, 0x003d), h.cipherSuites());
        assertEquals(List.of(0), h.compressionMethods());
        assertEquals(List.of(13), h.extensionTypes());
        assertEquals(List.of(0x0601, 0x0501, 0x0401, 0x0201), h.signatureAlgorithms());
        assertEquals(Optional.empty(), h.serverName());
        assertEquals(List.of(), h.supportedVersions());
        assertEquals(0x0303, h.highestVersion());
        assertEquals("rsa_pkcs1_sha512, rsa_pkcs1_sha384, rsa_pkcs1_sha256, rsa_pkcs1_sha1",
                h.extensions().get(0).describe());
    }

    @Test
    void sniComesAfterSignatureAlgorithms() {
        ClientHello h = ClientHelloParser.parse(Hellos.ESP8266_SNI);
        assertEquals(List.of(13, 0), h.extensionTypes());
        assertEquals(Optional.of("example.com"), h.serverName());
        assertEquals("host_name=example.com", h.extensions().get(1).describe());
    }

    @Test
    void encodingTheParseGivesBackTheSameBytes() {
        for (byte[] golden : List.of(Hellos.ESP8266, Hellos.ESP8266_SNI)) {
            assertArrayEquals(golden, ClientHelloEncoder.record(ClientHelloParser.parse(golden)));
        }
    }

    @Test
    void acceptsTheBareHandshakeMessage() {
        byte[] body = Arrays.copyOfRange(Hellos.ESP8266_SNI, 5, Hellos.ESP8266_SNI.length);
        ClientHello h = ClientHelloParser.parse(body);
        assertEquals(ClientHello.NO_RECORD, h.recordVersion());
        assertEquals(ClientHelloParser.parse(Hellos.ESP8266_SNI).cipherSuites(), h.cipherSuites());
    }

    @Test
    void reassemblesAHelloSplitOverManyRecords() throws IOException {
        ClientHello h = ClientHelloParser.parse(Hellos.ESP8266_SNI);
        for (int fragment : new int[] {1, 2, 3, 7, 50}) {
            byte[] records = ClientHelloEncoder.records(h, fragment);
            assertEquals(h, ClientHelloParser.parse(records), "fragment " + fragment);
            ClientHelloReader.Result r = ClientHelloReader.read(new ByteArrayInputStream(records));
            assertArrayEquals(records, r.consumed(), "the reader keeps exactly the records it read");
        }
    }

    @Test
    void readsTheSameWhateverTheChunking() throws IOException {
        ClientHello expected = ClientHelloParser.parse(Hellos.ESP8266_SNI);
        byte[] twoRecordsAndMore = concat(ClientHelloEncoder.records(expected, 20), new byte[] {0x17, 3, 3});
        for (int seed = 0; seed < 200; seed++) {
            int maxChunk = seed < 20 ? 1 : 1 + seed % 40; // the first ones: one byte at a time
            ClientHelloReader.Result r =
                    ClientHelloReader.read(new ChunkedInputStream(twoRecordsAndMore, seed, maxChunk));
            assertEquals(expected, r.hello());
            assertEquals(twoRecordsAndMore.length - 3, r.consumed().length, "reads no byte past the hello");
        }
    }

    @Test
    void truncationAtEveryLengthIsAnErrorNamingTheField() {
        for (int cut = 1; cut < Hellos.ESP8266_SNI.length; cut++) {
            byte[] part = Arrays.copyOf(Hellos.ESP8266_SNI, cut);
            MalformedHelloException e = assertThrows(MalformedHelloException.class,
                    () -> ClientHelloParser.parse(part), "cut at " + cut);
            assertTrue(e.getMessage().contains(" at offset "), e.getMessage());
        }
    }

    @Test
    void anExtensionLengthPastTheEndNamesTheExtension() {
        byte[] bad = Hellos.ESP8266_SNI.clone();
        bad[bad.length - 17] = 0x40; // server_name's own length (0x0010) -> 0x4010
        MalformedHelloException e = assertThrows(MalformedHelloException.class, () -> ClientHelloParser.parse(bad));
        assertTrue(e.getMessage().contains("extension server_name (0)"), e.getMessage());
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    }

    @Test
    void aListLengthInsideAnExtensionIsChecked() {
        byte[] bad = Hellos.ESP8266.clone();
        bad[bad.length - 9] = 0x0a; // signature_algorithms list length 8 -> 10, extension still 10
        MalformedHelloException e = assertThrows(MalformedHelloException.class, () -> ClientHelloParser.parse(bad));
        assertEquals("extension signature_algorithms (13)", e.field());
        assertEquals(Hellos.ESP8266.length - 5 - 10, e.offset(), "offset of the list in the handshake message");
    }

    @Test
    void garbageIsNamedForWhatItLooksLike() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MalformedHelloException e = assertThrows(MalformedHelloException.class, () -> ClientHelloParser.parse(http));
        assertTrue(e.getMessage().contains("not TLS"), e.getMessage());
        assertTrue(e.getMessage().contains("GET /"), e.getMessage());
        assertThrows(MalformedHelloException.class, () -> ClientHelloParser.parse(new byte[0]));
        byte[] alert = {0x15, 3, 3, 0, 2, 2, 40};
        assertTrue(assertThrows(MalformedHelloException.class, () -> ClientHelloParser.parse(alert))
                .getMessage().contains("alert"));
    }

    @Test
    void randomCorruptionOnlyEverRaisesTheParsersOwnError() {
        List<byte[]> seeds = List.of(Hellos.ESP8266, Hellos.ESP8266_SNI, Hellos.ESP8266_SNI);
        int rejected = Hellos.corruptAndParse(new java.util.Random(4), seeds, 20_000, 3, 4);
        assertTrue(rejected > 1000, "corruption was detected " + rejected + " times");
        assertFalse(rejected == 20_000, "some corruptions (the random, say) leave a valid hello");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
