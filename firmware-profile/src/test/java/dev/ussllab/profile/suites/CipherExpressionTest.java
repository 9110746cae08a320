package dev.ussllab.profile.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CipherExpressionTest {

    /**
     * Real peer: for each expression, the suites we select that OpenSSL knows equal what
     * `openssl ciphers -v EXPR` lists, in the same order (the eNULL suites inside kRSA, '-' then
     * re-adding, '+' moving). -ciphersuites '' keeps OpenSSL from prepending its TLS 1.3
     * suites (which it does whatever the string), so both sides are compared below TLS 1.3.
     */
    @ParameterizedTest
    @ValueSource(strings = {"kRSA", "aRSA", "kECDHE", "ECDHE", "AES", "AESGCM", "SHA1", "SHA256", "TLSv1.2",
        "ALL", "RSA", "AES128", "AES256", "kRSA+AESGCM", "ALL:!kRSA", "kRSA:-AES256:AES",
        "kRSA:!AES256:AES", "ECDHE:+kRSA", "DHE,PSK", "kDHE aNULL", "eNULL", "CHACHA20:AESCCM",
        "AES128-SHA:AES256-SHA256", "SSLv3:TLSv1", "ECDSA+SHA384", "ALL:COMPLEMENTOFALL:!SHA1",
        "TLSv1", "SHA1", "kRSA:ECDHE", "kRSA:!SHA1", "kRSA:+AESGCM", "kRSA:+AESGCM:-kRSA:kRSA",
        "ALL:-TLSv1.2:+kRSA:TLSv1.2", "ALL:+SHA1:+kRSA", "ECDHE:-AESGCM:kRSA:AESGCM", "TLSv1.0", "ECDH:DH",
        "kRSAPSK:kDHEPSK:kECDHEPSK", "aPSK", "kSRP:aSRP:SRP", "CAMELLIA128:ARIA256", "CAMELLIA256:ARIA128"})
    void agreesWithOpenssl(String expression) throws Exception {
        String openssl = Peers.require("openssl");
        List<String> theirs = opensslNames(openssl, expression);
        List<String> ours = new ArrayList<>();
        for (CipherSuiteInfo s : CipherExpression.select(expression)) {
            if (!s.tls13() && !s.signalling()) {
                ours.add(s.opensslName());
            }
        }
        assertEquals(theirs, ours, expression);
    }

    @Test
    void kRsaListsTheFourEsp8266SuitesAndNoTls13() {
        List<Integer> codes = CipherExpression.select("kRSA").stream().map(CipherSuiteInfo::code).toList();
        assertTrue(codes.containsAll(List.of(0x002f, 0x003c, 0x0035, 0x003d)), codes.toString());
        assertTrue(CipherExpression.select("kRSA").stream().allMatch(CipherSuiteInfo::rsaKeyExchange));
    }

    @Test
    void tls13SelectsTheThreeTls13Suites() {
        assertEquals(Set.of(0x1301, 0x1302, 0x1303), new TreeSet<>(
                CipherExpression.select("TLSv1.3").stream().map(CipherSuiteInfo::code).toList()));
    }

    @Test
    void plusMovesToTheEndAndBangIsForever() {
        List<CipherSuiteInfo> moved = CipherExpression.select("AES128-SHA:AES256-SHA:+AES128-SHA");
        assertEquals(List.of("AES256-SHA", "AES128-SHA"), moved.stream().map(CipherSuiteInfo::opensslName).toList());
        assertEquals(List.of(), CipherExpression.select("!AES128-SHA:AES128-SHA"));
        assertEquals(1, CipherExpression.select("-AES128-SHA:AES128-SHA").size());
    }

    @Test
    void anUnknownSelectorIsBadInputNamingIt() {
        LabException e = assertThrows(LabException.class, () -> CipherExpression.select("kRSA:FOO+AES"));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("'FOO'"), e.getMessage());
        assertThrows(LabException.class, () -> CipherExpression.select("kRSA:!"));
    }

    private static List<String> opensslNames(String openssl, String expression) throws IOException,
            InterruptedException {
        Process p = new ProcessBuilder(openssl, "ciphers", "-ciphersuites", "", "-v", expression)
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            List<String> names = new ArrayList<>();
            if (p.exitValue() != 0) { // "no cipher match": OpenSSL's way of saying the empty list
                assertTrue(out.contains("no cipher match"), out);
                return names;
            }
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.trim().split("\\s+")[0]);
                }
            }
            return names;
        } finally {
            p.destroyForcibly();
        }
    }
}
