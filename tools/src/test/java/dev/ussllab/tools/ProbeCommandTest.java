package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab probe` end to end, in-process: exit codes, the text and JSON reports, bad input. */
class ProbeCommandTest {

    @TempDir
    Path dir;

    @Test
    void nothingListeningIsOneLineAndExit2() throws Exception {
        int port = RawServer.closedPort();
        Cli r = Cli.run("probe", "127.0.0.1:" + port);
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("", r.out);
        assertEquals("ussl-lab probe: nothing listens on 127.0.0.1:" + port
                + " (connection refused) (start the server or check HOST:PORT)\n", r.err);
    }

    @Test
    void badHostAndBadPortAndBadKeyFileAreExit2() throws Exception {
        Cli r = Cli.run("probe", "no-such-host.invalid:8883");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab probe: cannot resolve host 'no-such-host.invalid'"), r.err);
        assertEquals(1, r.err.split("\n").length, r.err);

        r = Cli.run("probe", "127.0.0.1:http");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("'http' is not a port"), r.err);

        Path junk = dir.resolve("junk.key");
        Files.writeString(junk, "not a key\n");
        r = Cli.run("probe", "127.0.0.1:1", "--client-key", junk.toString(), "--client-cert", junk.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab probe: --client-key " + junk + " is not a PKCS#1 RSA private key"), r.err);
    }

    @Test
    void aServerTheBoardReachesGivesExit0AndTheSameAsJson() throws Exception {
        try (RealServer s = RealServers.opensslServer(dir, "-www", "-cipher", "kRSA")) {
            Cli r = Cli.run("probe", "127.0.0.1:" + s.port());
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.contains("Board's suites:  AES128-SHA yes, AES128-SHA256 yes, AES256-SHA yes, AES256-SHA256 yes"),
                    r.out);
            assertTrue(r.out.contains("Board's hello:   TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA"), r.out);
            assertTrue(r.out.contains("the board's record buffer: 5115 bytes: fits"), r.out);
            assertTrue(r.out.endsWith("Verdict: the board connects (TLSv1.2, TLS_RSA_WITH_AES_128_CBC_SHA)\n"), r.out);

            Cli j = Cli.run("probe", "127.0.0.1:" + s.port(), "--json");
            assertEquals(0, j.exitCode, j.toString());
            assertTrue(j.out.startsWith("{\"host\":\"127.0.0.1\",\"port\":" + s.port() + ","), j.out);
            assertTrue(j.out.contains("\"verdict\":{\"connects\":true,\"board_lines\":[]"), j.out);
            assertEquals(1, j.out.strip().split("\n").length, "one JSON object on one line");
        }
    }

    @Test
    void aServerThatRefusesTheBoardGivesExit1WithTheDeviceLineReasonAndFix() throws Exception {
        try (RealServer s = RealServers.nginx(dir, RealServers.Nginx.INTERMEDIATE)) {
            Cli r = Cli.run("probe", "127.0.0.1:" + s.port());
            assertEquals(1, r.exitCode, r.toString());
            Cli d = Cli.run("device", "--port", "" + s.port());
            assertEquals(d.out, "OSError: -40\n");
            assertTrue(r.out.contains("Verdict: the board prints:\n  OSError: -40\n"), r.out);
            assertTrue(r.out.contains("Why: no shared suite"), r.out);
            // nginx picks http/1.1 over ALPN: the fix comes in nginx's syntax.
            assertTrue(r.out.contains("Server:          an HTTPS server (nginx?)"), r.out);
            assertTrue(r.out.contains("Fix (nginx): ssl_ciphers '"), r.out);
            assertTrue(r.out.contains("Or, when the server is not yours: ussl-lab bridge --listen 0.0.0.0:" + s.port()
                    + " --upstream 127.0.0.1:" + s.port()), r.out);
        }
    }
}
