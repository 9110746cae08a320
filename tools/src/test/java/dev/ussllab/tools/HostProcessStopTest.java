package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real `ussl-lab host` process (SIGTERM here: a background process ignores SIGINT,
 * and the JVM runs the same shutdown hooks for both): a connection in flight is not cut off but
 * ends by its own timeout and is logged, then the process exits.
 */
class HostProcessStopTest {

    @TempDir
    Path dir;

    @Test
    void stopWaitsForTheConnectionInFlightThenExits() throws Exception {
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        int port = HostCommandTest.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process host = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UsslLab.class.getName(),
                "host", "--port", String.valueOf(port), "--timeout", "1", "--capture", dir.resolve("stop.pcapng").toString(),
                "--key", dir.resolve("key.pem").toString(), "--cert", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).directory(new File(".")).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(host.getInputStream()))) {
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
            assertNotNull(first, "host did not start");
            assertTrue(first.startsWith("listening on 127.0.0.1:" + port), first);
            try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(200); // accepted and handed to a worker
                long t0 = System.nanoTime();
                // SIGTERM through the handle: Process.destroy() would also close our end of its
                // stdout, and the lines the host writes while stopping would be lost.
                host.toHandle().destroy();
                assertTrue(host.waitFor(15, TimeUnit.SECONDS), "host did not stop");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                reader.join(2000);
                List<String> rest = List.copyOf(lines);
                assertTrue(rest.stream().anyMatch(l -> l.contains(" timeout: no complete handshake within 1.0 s")), rest.toString());
                // One line at the end, saying what stopped the host; the capture is complete.
                String last = rest.get(rest.size() - 1);
                assertTrue(last.matches("stopped by SIGTERM: 1 session\\(s\\) captured in .*\\.pcapng"), rest.toString());
                assertTrue(rest.get(rest.size() - 2).contains(" timeout: "), "nothing between the connection's line and the last: " + rest);
                Path file = Path.of(last.substring(last.indexOf(" captured in ") + " captured in ".length()));
                Process tshark = new ProcessBuilder(dev.ussllab.testsupport.Peers.require("tshark"), "-r", file.toString())
                        .redirectErrorStream(true).start();
                String read = new String(tshark.getInputStream().readAllBytes());
                assertTrue(tshark.waitFor(30, TimeUnit.SECONDS) && tshark.exitValue() == 0, read);
                assertTrue(ms >= 500, "the connection in flight was given its time, not cut: " + ms + " ms");
                assertEquals(143, host.exitValue(), "128 + SIGTERM, as for any JVM ended by a signal");
            }
        } finally {
            host.destroyForcibly();
        }
    }
}
