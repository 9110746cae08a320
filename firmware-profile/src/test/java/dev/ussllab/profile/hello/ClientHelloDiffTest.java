package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientHelloDiffTest {

    @Test
    void theRandomKeySharesAndPaddingAreIgnored() {
        ClientHello a = FingerprintTest.foxioExample();
        byte[] random = new byte[32];
        random[0] = 7;
        List<Extension> exts = new ArrayList<>();
        for (Extension e : a.extensions()) {
            if (e.type() == 51) { // same group, another x25519 public key
                e = FingerprintTest.ext(51, "0029" + "3a3a000100" + "001d0020" + "11".repeat(32));
            } else if (e.type() == 21) {
                e = FingerprintTest.ext(21, "00".repeat(7));
            }
            exts.add(e);
        }
        ClientHello b = new ClientHello(a.recordVersion(), a.clientVersion(), random, a.sessionId(),
                a.cipherSuites(), a.compressionMethods(), exts);
        assertEquals(List.of(), ClientHelloDiff.differences(a, b));
    }

    @Test
    void eachDifferingFieldIsNamed() {
        ClientHello esp = ClientHelloParser.parse(Hellos.ESP8266);
        ClientHello sni = ClientHelloParser.parse(Hellos.ESP8266_SNI);
        List<String> d = ClientHelloDiff.differences(esp, sni);
        assertEquals(List.of("extensions: expected signature_algorithms(13), found signature_algorithms(13) server_name(0)"), d);

        ClientHello reordered = new ClientHello(0x0301, 0x0303, esp.random(), new byte[32],
                List.of(0x003d, 0x002f, 0x003c, 0x0035), List.of(0),
                List.of(FingerprintTest.ext(13, "0004" + "04010201")));
        List<String> all = ClientHelloDiff.differences(esp, reordered);
        assertEquals(4, all.size(), all.toString());
        assertTrue(all.get(0).startsWith("record version: expected 0x0303, found 0x0301"), all.toString());
        assertTrue(all.get(1).startsWith("session id length: expected 0, found 32"), all.toString());
        assertTrue(all.get(2).startsWith("cipher suites: expected 0x002f 0x003c 0x0035 0x003d, found 0x003d"), all.toString());
        assertTrue(all.get(3).startsWith("extension signature_algorithms (13): expected rsa_pkcs1_sha512"), all.toString());
    }
}
