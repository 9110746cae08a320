package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.tls.UsslSocket;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import dev.ussllab.tools.Cli;
import dev.ussllab.tools.UsslLab;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab bridge` as typed: every bad input is one line and the project's exit code; Ctrl-C leaves whole files. */
class BridgeCommandTest {

    @TempDir
    Path dir;

    private String key() {
        BridgeHarness.boardKeys(dir);
        return dir.resolve("key.pem").toString();
    }

    private String cert() {
        return dir.resolve("cert.pem").toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void assertOneLine(Cli r, int exit, String contains) {
        assertEquals(exit, r.exitCode, r.toString());
        String[] lines = r.err.strip().split("\n");
        assertEquals(1, lines.length, r.toString());
        assertTrue(lines[0].startsWith("ussl-lab bridge: ") && lines[0].contains(contains), r.toString());
    }

    @Test
    void badInputsAreOneLineWithTheirExitCodes() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ServerSocket taken = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String up = "127.0.0.1:" + upstream.getLocalPort();
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--upstream", up,
                    "--insecure-upstream", "--key", key(), "--cert", cert()), 1, "is already in use");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", up, "--insecure-upstream",
                    "--key", dir.resolve("missing.pem").toString(), "--cert", cert()), 2, "missing.pem");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + freePort(),
                    "--insecure-upstream", "--key", key(), "--cert", cert()), 1, "cannot be reached");
            // Its own listening address: refused as such (the reachability check would call it unreachable).
            int self = freePort();
            assertOneLine(Cli.run("bridge", "--listen", "0.0.0.0:" + self, "--upstream", "127.0.0.1:" + self,
                    "--insecure-upstream", "--key", key(), "--cert", cert()), 2,
                    "--upstream 127.0.0.1:" + self + " is the bridge's own listening address (--listen 0.0.0.0:" + self + ")");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", "no-such-host.invalid:443",
                    "--key", key(), "--cert", cert()), 2, "unknown host");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", up, "--cafile",
                    dir.resolve("nope.pem").toString(), "--key", key(), "--cert", cert()), 2, "--cafile");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", up, "--cafile", key(),
                    "--key", key(), "--cert", cert()), 2, "--cafile");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", up, "--insecure-upstream",
                    "--client-key", key(), "--key", key(), "--cert", cert()), 2, "--client-key needs --client-cert");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1", "--upstream", up, "--insecure-upstream",
                    "--key", key(), "--cert", cert()), 2, "is not ADDR:PORT");
            assertOneLine(Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", up, "--insecure-upstream",
                    "--timeout", "0", "--key", key(), "--cert", cert()), 2, "--timeout");
            Cli both = Cli.run("bridge", "--listen", "127.0.0.1:0", "--upstream", up, "--insecure-upstream",
                    "--cafile", cert(), "--key", key(), "--cert", cert());
            assertEquals(UsslLab.EXIT_BAD_INPUT, both.exitCode, both.toString());
            assertTrue(both.err.contains("mutually exclusive"), both.toString());
        }
    }

    /**
     * A real bridge process relays a session, holds a second board's open one, and is stopped with
     * SIGTERM (a background process ignores SIGINT; the JVM runs the same hook for both): exit 143,
     * a line for the session cut short, the capture whole (tshark reads both legs of both
     * sessions), the key log written.
     */
    @Test
    void sigtermEndsSessionsInFlightAndLeavesWholeFiles() throws Exception {
        String tshark = Peers.require("tshark");
        Path capture = dir.resolve("cap.pcapng");
        Path keylog = dir.resolve("keys.log");
        int port = freePort();
        try (RealServer server = RealServers.opensslServer(Files.createDirectories(dir.resolve("s_server")), "-rev")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process bridge = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UsslLab.class.getName(),
                    "bridge", "--listen", "127.0.0.1:" + port, "--upstream", "localhost:" + server.port(),
                    "--cafile", server.caCert().toString(), "--key", key(), "--cert", cert(),
                    "--capture", capture.toString(), "--keylog", keylog.toString(),
                    "--timeout", "60") // a loaded CI machine starts a JVM slowly: no handshake deadline in the way
                    .redirectErrorStream(true).directory(new File(".")).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(bridge.getInputStream()))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // process gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                String first = lines.poll(30, TimeUnit.SECONDS);
                assertNotNull(first, "bridge did not start");
                assertTrue(first.startsWith("bridging 127.0.0.1:" + port + " -> localhost:" + server.port()), first);
                UsslSocket done;
                try {
                    done = BridgeHarness.board(port);
                } catch (Exception e) {
                    Thread.sleep(1000);
                    throw new AssertionError(e.getMessage() + "; bridge said: " + lines, e);
                }
                done.write("one\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(done.readline(), StandardCharsets.US_ASCII);
                if (!answer.equals("eno\n")) {
                    Thread.sleep(1000);
                    throw new AssertionError("answer '" + answer + "'; bridge said: " + lines + "; s_server: " + server.log());
                }
                done.close();
                UsslSocket open = BridgeHarness.board(port);
                open.write("two\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("owt\n", new String(open.readline(), StandardCharsets.US_ASCII));
                bridge.toHandle().destroy(); // SIGTERM
                assertTrue(bridge.waitFor(20, TimeUnit.SECONDS), "bridge did not stop");
                reader.join(2000);
                List<String> all = List.copyOf(lines);
                assertEquals(143, bridge.exitValue(), all.toString());
                assertEquals("stopped", all.get(all.size() - 1), all.toString());
                assertTrue(all.stream().anyMatch(l -> l.contains(" up=4 down=4 ok (")), all.toString());
                assertTrue(all.stream().anyMatch(l -> l.contains(" up=4 down=4 stopped: the bridge was stopped")), all.toString());
                assertTrue(all.contains("4 leg(s) captured in " + capture), all.toString());
                open.close();
            } finally {
                bridge.destroyForcibly();
            }
        }
        Process p = new ProcessBuilder(tshark, "-r", capture.toString(), "-Y", "tls.app_data", "-T", "fields", "-e", "data.data")
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(8, out.strip().split("\n").length, "both legs of both sessions decrypted:\n" + out);
        // TLS 1.2 board legs: CLIENT_RANDOM; TLS 1.3 upstream legs: the five traffic/exporter secrets each.
        List<String> keyLines = Files.readAllLines(keylog).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(2, keyLines.stream().filter(l -> l.startsWith("CLIENT_RANDOM ")).count(), keyLines.toString());
        assertEquals(2, keyLines.stream().filter(l -> l.startsWith("CLIENT_TRAFFIC_SECRET_0 ")).count(), keyLines.toString());
    }

    @Test
    void insecureUpstreamWarnsAndStillRelays() throws Exception {
        try (RealServer server = RealServers.opensslServer(Files.createDirectories(dir.resolve("s_server")), "-rev")) {
            int port = freePort();
            Thread client = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            break;
                        } catch (java.io.IOException notYet) {
                            Thread.sleep(100);
                        }
                    }
                    UsslSocket b = BridgeHarness.board(port);
                    b.write("x\n".getBytes(StandardCharsets.US_ASCII));
                    b.readline();
                    b.close();
                } catch (Exception e) {
                    // the assertions below say what went wrong
                }
            });
            client.start();
            // --count 2: the readiness probe above is one (refused at its handshake), the board the other.
            Cli r = Cli.run("bridge", "--listen", "127.0.0.1:" + port, "--upstream", "127.0.0.1:" + server.port(),
                    "--insecure-upstream", "--key", key(), "--cert", cert(), "--count", "2");
            client.join(20_000);
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.contains("; upstream NOT verified (--insecure-upstream);"), r.out);
            assertTrue(r.out.contains("warning: --insecure-upstream: the upstream's certificate is not checked"), r.out);
            assertTrue(r.out.contains(" up=2 down=2 ok ("), r.out);
            assertTrue(r.out.contains("board-failed: board closed before sending anything"), r.out);
        }
    }
}
