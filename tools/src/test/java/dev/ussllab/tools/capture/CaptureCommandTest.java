package dev.ussllab.tools.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import dev.ussllab.tools.decrypt.LoopbackCapture;
import dev.ussllab.tools.decrypt.Watched;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ussl-lab capture through the command line, between openssl s_client and openssl s_server. */
class CaptureCommandTest {

    @TempDir
    Path dir;

    @Test
    void tapCaptureWithoutSecretsIsDecryptedWithKeyPemByUsAndByTshark() throws Exception {
        String openssl = Peers.require("openssl");
        String tshark = Peers.require("tshark");
        LoopbackCapture.makeKey(dir, "server");
        Path key = dir.resolve("server-key.pem");
        Path out = dir.resolve("tap.pcapng");
        int serverPort = LoopbackCapture.freePort();
        int tapPort = LoopbackCapture.freePort();
        try (Watched server = new Watched(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + serverPort, "-naccept", "2",
                "-cert", dir.resolve("server-cert.pem").toString(), "-key", key.toString()))) {
            server.await("ACCEPT", 10);
            CompletableFuture<Cli> tap = CompletableFuture.supplyAsync(() -> Cli.run("capture", "--listen",
                    "127.0.0.1:" + tapPort, "--forward", "127.0.0.1:" + serverPort, "--out", out.toString(), "--count", "2"));
            awaitListening(tapPort);
            try (Watched client = new Watched(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + tapPort, "-quiet",
                    "-no_ign_eof", "-tls1_2", "-cipher", "AES256-SHA256"))) {
                client.send("through the tap\n");
                server.await("through the tap", 10);
                server.send("BACK THROUGH THE TAP\n");
                client.await("BACK THROUGH THE TAP", 10);
                client.closeInput();
                assertTrue(client.waitFor(10));
            }
            Cli r = tap.get(20, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.contains(" 0 bytes up, "), r.out); // the probe
            assertTrue(r.out.contains("no secrets") && r.out.contains("2 session(s) written to " + out), r.out);
        }
        Cli ours = Cli.run("decrypt", out.toString(), "--key", key.toString());
        assertEquals(0, ours.exitCode, ours.toString());
        assertTrue(ours.out.contains("decrypted with the RSA key"), ours.out);
        assertTrue(ours.out.contains("text: through the tap\\n") && ours.out.contains("text: BACK THROUGH THE TAP\\n"), ours.out);
        // tshark needs key.pem in its RSA key list for a file without secrets.
        Process p = new ProcessBuilder(tshark, "-r", out.toString(), "-o", "uat:rsa_keys:\"" + key + "\",\"\"",
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> plain = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank())
                    .map(l -> new String(HexFormat.of().parseHex(l.trim()))).toList();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(List.of("through the tap\n", "BACK THROUGH THE TAP\n"), plain);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Connect attempts until the tap listens (bounded: the command starts in well under a second). */
    private static void awaitListening(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return; // the probe is relayed too: an empty session, hence --count 2 and -naccept 2
            } catch (java.io.IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("ussl-lab capture did not listen on " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * A --forward the tap's own listener would accept: before, every session was relayed back into
     * the tap until --max-connections were taken. Now one line, exit 2, and no capture file made.
     */
    @Test
    void forwardToItsOwnListeningAddressIsRefused() throws Exception {
        Path out = dir.resolve("self.pcapng");
        int port = LoopbackCapture.freePort();
        assertOneLine(Cli.run("capture", "--listen", "0.0.0.0:" + port, "--forward", "127.0.0.1:" + port, "--out",
                out.toString()), 2, "--forward 127.0.0.1:" + port + " is the capture's own listening address (--listen 0.0.0.0:"
                + port + ")", "give --forward the real server's address, or --listen another port");
        assertOneLine(Cli.run("capture", "--listen", "127.0.0.1:" + port, "--forward", "localhost:" + port, "--out",
                out.toString()), 2, "own listening address (--listen 127.0.0.1:" + port + ")");
        assertOneLine(Cli.run("capture", "--listen", "0.0.0.0:" + port, "--forward", "127.0.0.2:" + port, "--out",
                out.toString()), 2, "--forward 127.0.0.2:" + port + " is the capture's own");
        assertFalse(java.nio.file.Files.exists(out), "no capture file for a refused start");
    }

    private static void assertOneLine(Cli r, int exit, String... fragments) {
        assertEquals(exit, r.exitCode, r.toString());
        assertEquals(1, r.err.lines().count(), r.err);
        for (String f : fragments) {
            assertTrue(r.err.contains(f), r.err);
        }
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        String out = dir.resolve("c.pcapng").toString();
        assertOneLine(Cli.run("capture", "--listen", "nonsense", "--forward", "127.0.0.1:1", "--out", out), 2,
                "--listen nonsense is not ADDR:PORT");
        assertOneLine(Cli.run("capture", "--listen", "127.0.0.1:0", "--forward", "127.0.0.1:1", "--out", out), 2,
                "port 0 is out of range");
        assertOneLine(Cli.run("capture", "--listen", "::1:80", "--forward", "127.0.0.1:1", "--out", out), 2,
                "is not ADDR:PORT", "[::1]:8443"); // a bare IPv6 address needs brackets
        assertOneLine(Cli.run("capture", "--listen", "127.0.0.1:9", "--forward", "127.0.0.1:1", "--out", "/dev/full"), 2,
                "cannot write capture /dev/full");
        assertOneLine(Cli.run("capture", "--listen", "127.0.0.1:9", "--forward", "127.0.0.1:1", "--out", out,
                "--keylog", dir.resolve("none.log").toString()), 2, "none.log does not exist");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertOneLine(Cli.run("capture", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--forward", "127.0.0.1:1",
                    "--out", out), 2, "cannot listen on", "choose another --listen port");
        }
        // A non-local address cannot be bound (we never connect to it).
        assertOneLine(Cli.run("capture", "--listen", "192.0.2.1:8443", "--forward", "127.0.0.1:1", "--out", out), 2,
                "cannot listen on");
    }
}
