package dev.ussllab.tools.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.tools.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

class CiphersCommandTest {

    @Test
    void kRsaListsTheFourEsp8266SuitesAmongTheRest() {
        Cli r = Cli.run("ciphers", "kRSA");
        assertEquals(0, r.exitCode, r.toString());
        List<String> lines = r.out.lines().toList();
        assertTrue(lines.size() > 4, r.out);
        assertTrue(lines.stream().allMatch(l -> l.contains(" Kx=RSA ")), r.out);
        List<String> esp = lines.stream().filter(l -> l.contains("esp8266-micropython")).toList();
        assertEquals(4, esp.size(), r.out);
        for (String name : List.of("AES128-SHA ", "AES128-SHA256 ", "AES256-SHA ", "AES256-SHA256 ")) {
            assertTrue(esp.stream().anyMatch(l -> l.contains(" " + name)), name + " in\n" + r.out);
        }
        // The seed client's set_ciphers('kRSA') offers the kRSA suites, so python-krsa is on every ESP line.
        assertTrue(esp.stream().allMatch(l -> l.contains("python-krsa")), r.out);
    }

    @Test
    void verboseAddsCodesAndDecryptability() {
        Cli r = Cli.run("ciphers", "-v", "AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256");
        assertEquals(0, r.exitCode, r.toString());
        List<String> lines = r.out.lines().toList();
        assertEquals(2, lines.size(), r.out);
        assertTrue(lines.get(0).startsWith("0x002F TLS_RSA_WITH_AES_128_CBC_SHA "), r.out);
        assertTrue(lines.get(0).contains(" RSA-decryptable "), r.out);
        assertTrue(lines.get(1).startsWith("0xC02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "), r.out);
        assertTrue(lines.get(1).contains(" FS ") && lines.get(1).contains("java-default"), r.out);
    }

    @Test
    void tls13IsSelectableAndDefaultIsAll() {
        Cli r = Cli.run("ciphers", "TLSv1.3");
        assertEquals(3, r.out.lines().count(), r.out);
        assertTrue(Cli.run("ciphers").out.lines().count() > 100);
    }

    @Test
    void anUnknownSelectorIsExitTwoNamingIt() {
        Cli r = Cli.run("ciphers", "kRSA+AESGMC");
        assertEquals(2, r.exitCode, r.toString());
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.startsWith("ussl-lab ciphers: unknown cipher selector 'AESGMC'"), r.err);
        assertEquals("", r.out);
    }

    @Test
    void anExpressionThatMatchesNothingSaysSo() {
        Cli r = Cli.run("ciphers", "kRSA+ECDSA");
        assertEquals(0, r.exitCode);
        assertEquals("(no suite matches kRSA+ECDSA)", r.out.strip());
    }
}
