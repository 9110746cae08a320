package dev.ussllab.tools.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The comparison's facts, from one real run of every built-in client against the loopback hosts. */
class CompareRunTest {

    private static Map<String, HelloColumn> columns;

    @BeforeAll
    static void runOnce() {
        columns = CompareRun.run(Profiles.all(), List.of(), null).stream()
                .collect(Collectors.toMap(HelloColumn::name, c -> c));
    }

    @Test
    void theEmulatedHelloEqualsTheProfilesDeclaration() {
        TlsClientProfile esp = Profiles.esp8266();
        ClientHello h = columns.get(Profiles.ESP8266).hello();
        assertEquals(esp.firstRecordVersion(), h.recordVersion());
        assertEquals(0x0303, h.clientVersion());
        assertEquals(0, h.sessionId().length);
        assertEquals(Arrays.stream(esp.cipherSuites()).boxed().toList(), h.cipherSuites(), "no SCSV, axTLS order");
        assertEquals(List.of(0), h.compressionMethods());
        assertEquals(Arrays.stream(esp.signatureAlgorithms()).boxed().toList(), h.signatureAlgorithms());
        assertEquals(List.of(13), h.extensionTypes(), "no server_hostname given: signature_algorithms only");
    }

    @Test
    void withAServerHostnameTheExtensionOrderIsTheProfiles() {
        ClientHello h = CompareRun.emulate(Profiles.esp8266(), "board.local");
        assertEquals(Arrays.stream(Profiles.esp8266().extensionOrder()).boxed().toList(), h.extensionTypes());
        assertEquals("board.local", h.serverName().orElseThrow());
    }

    @Test
    void javaDefaultOffersTls13AndForwardSecretSuitesFirst() {
        ClientHello h = columns.get(Profiles.JAVA_DEFAULT).hello();
        assertEquals(0x0304, h.supportedVersions().get(0), "this JDK (17) puts TLS 1.3 first");
        List<CipherSuiteInfo> suites = h.cipherSuites().stream().map(c -> CipherSuiteInfo.of(c).orElseThrow())
                .filter(s -> !s.signalling()).toList();
        int firstRsa = suites.indexOf(suites.stream().filter(CipherSuiteInfo::rsaKeyExchange).findFirst().orElseThrow());
        assertTrue(firstRsa > 0 && suites.subList(0, firstRsa).stream().allMatch(CipherSuiteInfo::forwardSecret),
                "forward-secret suites first: " + suites);
        assertTrue(suites.subList(firstRsa, suites.size()).stream().allMatch(CipherSuiteInfo::rsaKeyExchange));
    }

    @Test
    void pythonKrsaOffersOnlyRsaKeyExchange() {
        ClientHello h = columns.get(Profiles.PYTHON_KRSA).hello();
        assertTrue(h.cipherSuites().stream().allMatch(c -> CipherSuiteInfo.isRsaKeyExchange(c)
                || CipherSuiteInfo.of(c).orElseThrow().signalling()), h.cipherSuites().toString());
        assertTrue(h.supportedVersions().isEmpty() && h.clientVersion() == 0x0303, "TLS 1.2 only");
    }

    @Test
    void whatTheHostNegotiatesUnderEachPolicy() {
        HelloColumn esp = columns.get(Profiles.ESP8266);
        assertEquals("TLSv1.2", esp.outcomes().get("krsa").protocol());
        assertEquals(0x002f, esp.outcomes().get("krsa").suite(), "client order under krsa: AES128-SHA");
        assertTrue(CipherSuiteInfo.isRsaKeyExchange(esp.outcomes().get("compat").suite()));
        assertFalse(esp.outcomes().get("modern").ok());
        HelloColumn java = columns.get(Profiles.JAVA_DEFAULT);
        assertEquals("TLSv1.3", java.outcomes().get("compat").protocol());
        assertTrue(CipherSuiteInfo.of(java.outcomes().get("modern").suite()).orElseThrow().forwardSecret());
    }

    @Test
    void replayingAHelloGivesWhatTheClientItselfNegotiated() {
        // The replay path (used for captured hellos) against the full exchange, for every built-in client.
        List<CompareRun.External> replays = columns.values().stream()
                .map(c -> new CompareRun.External("replay " + c.name(), "--hex", c.hello())).toList();
        Map<String, HelloColumn> replayed = CompareRun.run(List.of(), replays, null).stream()
                .collect(Collectors.toMap(HelloColumn::name, c -> c));
        for (HelloColumn c : columns.values()) {
            HelloColumn r = replayed.get("replay " + c.name());
            for (String policy : List.of("krsa", "compat", "modern")) {
                HelloColumn.Outcome full = c.outcomes().get(policy);
                HelloColumn.Outcome replay = r.outcomes().get(policy);
                assertEquals(full.ok(), replay.ok(), c.name() + " under " + policy + ": " + full + " vs " + replay);
                if (!replay.ok()) { // the table says "refused: REASON": the reason must not say it again
                    assertFalse(ComparisonTable.outcome(replay).startsWith("refused: refused"), replay.toString());
                }
                if (full.ok()) {
                    assertEquals(full.suite(), replay.suite(), c.name() + " under " + policy);
                    assertEquals(full.protocol(), replay.protocol(), c.name() + " under " + policy);
                }
            }
        }
    }
}
