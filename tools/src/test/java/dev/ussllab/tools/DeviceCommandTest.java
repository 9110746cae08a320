package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab device` end to end, in-process, against real and broken peers on loopback. */
class DeviceCommandTest {

    @TempDir
    static Path dir;
    static TestPki.KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    /** Every option's value is named in the usage line, as in the other commands' help (--port=N). */
    @Test
    void helpNamesEveryValue() {
        for (String command : List.of("device", "client")) {
            Cli r = Cli.run(command, "--help");
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.contains("--host=HOST") && r.out.contains("--port=N") && r.out.contains("--message=TEXT"), r.out);
            assertTrue(!r.out.contains("=<"), "picocli's <field> placeholders left: " + r.out);
        }
    }

    @Test
    void printsTheSeedLinesAgainstAKrsaEnabledServer() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            Cli r = Cli.run("device", "--port", "" + server.port());
            assertEquals(0, r.exitCode, r.toString());
            assertEquals("Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n",
                    r.out.replace("\r\n", "\n"));
            assertEquals("", r.err);
        }
    }

    @Test
    void keylogGetsTheClientRandomLineWithMode0600() throws Exception {
        Path log = dir.resolve("device-keys.log");
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            Cli r = Cli.run("device", "--port", "" + server.port(), "--message", "x", "--keylog", log.toString());
            assertEquals(0, r.exitCode, r.toString());
        }
        String line = Files.readString(log).strip();
        assertTrue(line.matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), line);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void defaultPythonServerGivesTheBoardsHandshakeFailure() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, null)) {
            Cli r = Cli.run("device", "--port", "" + server.port());
            assertEquals(1, r.exitCode, r.toString());
            assertEquals("OSError: -40\n", r.out);
            assertTrue(r.err.startsWith("ussl-lab device: the server at 127.0.0.1:" + server.port()
                    + " refused the board's ClientHello with the alert handshake_failure (40): it shares none of the"
                    + " board's four TLS_RSA suites (AES128-SHA:AES128-SHA256:AES256-SHA:AES256-SHA256)"), r.err);
            assertEquals(1, r.err.split("\n").length, r.err);
        }
    }

    @Test
    void messageFileIsSentAsItIsAndClientKeyNeedsClientCert() throws Exception {
        Path request = dir.resolve("request.txt");
        Files.writeString(request, "two\nlines\n");
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            Cli r = Cli.run("device", "--port", "" + server.port(), "--message-file", request.toString());
            assertEquals(0, r.exitCode, r.toString());
            // The seed server reads one recv(): both lines arrive in one record and come back upper-cased (stripped).
            assertEquals("Sent:     10 bytes from " + request + "\nReceived: TWO\nLINES\n", r.out.replace("\r\n", "\n"));
        }
        Cli r = Cli.run("device", "--client-key", keys.key().toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("ussl-lab device: --client-key needs --client-cert (give both: the board's key and its certificate)\n",
                r.err);
        r = Cli.run("device", "--message-file", dir.resolve("nope.bin").toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("nope.bin does not exist"), r.err);
        r = Cli.run("device", "--client-key", keys.key().toString(), "--client-cert", keys.cert().toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("is a PKCS#8 key") && r.err.contains("openssl rsa -in"), r.err);
    }

    @Test
    void closedPortIsConnectionRefused() throws Exception {
        int port = RawServer.closedPort();
        Cli r = Cli.run("device", "--port", "" + port);
        assertEquals(1, r.exitCode, r.toString());
        assertEquals("OSError: [Errno 104] ECONNRESET\n", r.out);
        assertTrue(r.err.startsWith("ussl-lab device: nothing listens on 127.0.0.1:" + port + " (connection refused)"),
                r.err);
    }

    @Test
    void closedIpv6LoopbackPortIsNamedInBrackets() throws Exception {
        int port = RawServer.closedPort();
        Cli r = Cli.run("device", "--host", "::1", "--port", "" + port);
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab device: nothing listens on [::1]:" + port + " "), r.err);
    }

    @Test
    void plainTextServerOverflowsTheBoardsBufferAsOnTheRealBoard() throws Exception {
        try (RawServer server = new RawServer(RawServer.Behaviour.HTTP_400)) {
            Cli r = Cli.run("device", "--port", "" + server.port());
            assertEquals(1, r.exitCode, r.toString());
            // Bytes 3-4 of "HTTP/" are "P/" = 0x502f = 20527: axTLS reads that as the record length.
            assertEquals("TLS buffer overflow, record size: 20527 (+5)\nOSError: (-257, 'RECORD_OVERFLOW')\n", r.out);
            assertTrue(r.err.contains("does not speak TLS") && r.err.contains("HTTP/"), r.err);
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (RawServer server = new RawServer(RawServer.Behaviour.HANG)) {
            long start = System.nanoTime();
            Cli r = Cli.run("device", "--port", "" + server.port(), "--timeout", "1");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.exitCode, r.toString());
            assertEquals("OSError: [Errno 110] ETIMEDOUT\n", r.out);
            assertTrue(r.err.contains("did not answer within 1 s"), r.err);
            assertTrue(ms < 5000, "took " + ms + " ms");
        }
    }

    @Test
    void serverThatKeepsTheConnectionOpenNeedsReadline() throws Exception {
        try (PeerProcess p = PeerProcess.start(dir, List.of(Peers.require("openssl"), "s_server", "-accept",
                "127.0.0.1:0", "-cert", keys.cert().toString(), "-key", keys.key().toString(), "-rev"))) {
            String port = p.await(Pattern.compile("^ACCEPT .*:(\\d+)$"), 10_000).group(1);
            Cli hangs = Cli.run("device", "--port", port, "--message", "abc", "--timeout", "1");
            assertEquals(1, hangs.exitCode, hangs.toString());
            assertEquals("OSError: [Errno 110] ETIMEDOUT\n", hangs.out);
            assertTrue(hangs.err.contains("sent 4 bytes and kept the connection open") && hangs.err.contains("--readline"),
                    hangs.err);
            Cli line = Cli.run("device", "--port", port, "--message", "abc", "--readline", "--server-hostname", "esp");
            assertEquals(0, line.exitCode, line.toString());
            assertEquals("Sent:     abc\nReceived: cba\n", line.out);
        }
    }

    @Test
    void badPortAndTimeoutAreBadInput() {
        Cli r = Cli.run("device", "--port", "70000");
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("ussl-lab device: --port 70000 is not a TCP port (use 1-65535)\n", r.err);
        assertEquals(2, Cli.run("device", "--timeout", "0").exitCode);
        assertEquals(2, Cli.run("device", "--port", "abc").exitCode);
    }

    @Test
    void helpExitsZero() {
        Cli r = Cli.run("device", "--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("--server-hostname"), r.out);
    }
}
