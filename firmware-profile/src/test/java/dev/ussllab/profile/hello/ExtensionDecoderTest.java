package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionDecoderTest {

    @Test
    void everyExtensionOfABrowserLikeHelloIsDecoded() {
        ClientHello h = ClientHelloParser.parse(ClientHelloEncoder.record(FingerprintTest.foxioExample()));
        Map<String, String> described = new LinkedHashMap<>();
        h.extensions().forEach(e -> described.put(e.name() + "/" + e.type(), e.describe()));
        assertEquals("host_name=www.example.com", described.get("server_name/0"));
        assertEquals("GREASE(0x6a6a), x25519, secp256r1, secp384r1", described.get("supported_groups/10"));
        assertEquals("uncompressed", described.get("ec_point_formats/11"));
        assertEquals("ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256, ecdsa_secp384r1_sha384, "
                + "rsa_pss_rsae_sha384, rsa_pkcs1_sha384, rsa_pss_rsae_sha512, rsa_pkcs1_sha512",
                described.get("signature_algorithms/13"));
        assertEquals("h2, http/1.1", described.get("application_layer_protocol_negotiation/16"));
        assertEquals("GREASE(0x4a4a), TLS 1.3, TLS 1.2", described.get("supported_versions/43"));
        assertEquals("GREASE(0x3a3a) (1-byte key), x25519 (32-byte key)", described.get("key_share/51"));
        assertEquals("psk_dhe_ke", described.get("psk_key_exchange_modes/45"));
        assertEquals("empty (initial handshake)", described.get("renegotiation_info/65281"));
        assertEquals("(empty)", described.get("extended_master_secret/23"));
        assertEquals("empty (asks for a new ticket)", described.get("session_ticket/35"));
        assertEquals("ocsp", described.get("status_request/5"));
        assertEquals("brotli", described.get("compress_certificate/27"));
        assertEquals("20 padding bytes", described.get("padding/21"));
        assertEquals("hex 0003026832", described.get("application_settings/17513"));
        assertEquals(List.of(0x0304, 0x0303), h.supportedVersions().subList(1, 3));
        assertEquals(0x0304, h.highestVersion(), "GREASE is never the highest version");
    }

    @Test
    void aServerNameWithControlBytesPrintsEscapedButStaysRawInTheModel() {
        // Hellos.ESP8266_SNI with the 11 bytes of "example.com" replaced by e x ESC m LF l e | c o m
        byte[] wire = Hellos.ESP8266_SNI.clone();
        byte[] name = {'e', 'x', 0x1b, 'm', '\n', 'l', 'e', '|', 'c', 'o', 'm'};
        System.arraycopy(name, 0, wire, wire.length - name.length, name.length);
        ClientHello h = ClientHelloParser.parse(wire);
        assertEquals("ex\u001bm\nle|com", h.serverName().orElseThrow(), "--check feeds the raw name to the emulator");
        String described = h.extensions().stream().filter(e -> e.type() == 0).findFirst().orElseThrow().describe();
        assertEquals("host_name=ex\\x1bm\\x0ale|com", described);
        assertEquals("plain.example", TlsNames.printable("plain.example"));
        assertEquals("a\\x5cb\\ufffd", TlsNames.printable("a\\b\ufffd"));
    }

    @Test
    void malformedContentOfAKnownExtensionFailsTheParseWithItsName() {
        ClientHello good = FingerprintTest.foxioExample();
        for (Extension bad : List.of(FingerprintTest.ext(43, "05" + "0304" + "0303"), // odd list length
                FingerprintTest.ext(16, "0003" + "05" + "6832"), // protocol longer than the list
                FingerprintTest.ext(65281, "01"), // renegotiation_info says 1 byte, has none
                FingerprintTest.ext(23, "00"))) { // extended_master_secret must be empty
            List<Extension> exts = new java.util.ArrayList<>(good.extensions());
            exts.add(bad);
            byte[] wire = ClientHelloEncoder.record(new ClientHello(0x0301, 0x0303, new byte[32], new byte[0],
                    good.cipherSuites(), List.of(0), exts));
            MalformedHelloException e = assertThrows(MalformedHelloException.class, () -> ClientHelloParser.parse(wire));
            assertTrue(e.field().startsWith("extension " + bad.name() + " (" + bad.type() + ")"), e.getMessage());
        }
    }
}
