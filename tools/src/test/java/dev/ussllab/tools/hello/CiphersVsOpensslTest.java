package dev.ussllab.tools.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `ussl-lab ciphers EXPR` lists what the real `openssl ciphers -v EXPR` lists, in the same order,
 * for OpenSSL's usual words. OpenSSL always puts its TLS 1.3 suites first whatever EXPR says
 * (ussl-lab applies the selectors to them instead), so both sides are compared without them:
 * openssl with {@code -ciphersuites ""}, ussl-lab's lines of protocol TLSv1.2 and older.
 */
class CiphersVsOpensslTest {

    @ParameterizedTest
    @ValueSource(strings = {"ALL", "HIGH", "DEFAULT", "COMPLEMENTOFDEFAULT", "ALL:COMPLEMENTOFALL", "DEFAULT:!kRSA",
        "HIGH:!aNULL:!kRSA:@STRENGTH", "kRSA:@STRENGTH", "ALL:@SECLEVEL=3", "DEFAULT:@SECLEVEL=0", "ALL:-AES:+SHA1",
        "ECDHE+AESGCM:kRSA+AES:!SHA1", "ALL:+kRSA", "HIGH:-ECDHE:ECDHE+AES256:@STRENGTH", "aNULL", "kRSA:-AESGCM:AESGCM+kRSA",
        "AES128-SHA:AES256-SHA:AES128-SHA256:AES256-SHA256"})
    void listsWhatOpensslLists(String expression) throws Exception {
        String openssl = Peers.require("openssl");
        Process p = new ProcessBuilder(openssl, "ciphers", "-v", "-ciphersuites", "", expression).redirectErrorStream(true).start();
        String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), theirs);
        List<String> expected = theirs.lines().map(l -> l.trim().split("\\s+")[0]).toList();
        Cli ours = Cli.run("ciphers", expression);
        assertEquals(0, ours.exitCode, ours::toString);
        List<String> got = ours.out.lines().map(l -> l.trim().split("\\s+")).filter(c -> !c[2].equals("TLSv1.3"))
                .map(c -> c[1]).toList();
        assertEquals(expected, got, () -> "ussl-lab ciphers " + expression + "\n" + ours.out + "\nopenssl:\n" + theirs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEFAULT", "HIGH", "ALL:@STRENGTH"})
    void theTls13SuitesFollowTheSelectors(String expression) {
        List<String> tls13 = Cli.run("ciphers", expression).out.lines().filter(l -> l.contains(" TLSv1.3 ")).toList();
        assertEquals(3, tls13.size(), String.join("\n", tls13));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALL:@SECLEVEL=9", "ALL:@FOO", "kRSA:DEFAULT"})
    void badWordsAreOneLineExitTwo(String expression) {
        Cli r = Cli.run("ciphers", expression);
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(1, r.err.lines().count(), r.err);
        assertEquals(List.of(), Arrays.asList(r.out.lines().toArray()));
    }
}
