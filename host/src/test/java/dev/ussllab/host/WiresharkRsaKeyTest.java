package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.SeedClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed article's recipe, end to end: tcpdump on lo while the seed's sslclient.py talks to the
 * host under policy krsa, then Wireshark (tshark) with key.pem in its RSA key list decrypts both
 * messages. Proves the key file works in Wireshark and that the krsa sessions are decryptable.
 */
class WiresharkRsaKeyTest {

    @TempDir
    Path dir;

    @Test
    void tsharkDecryptsAKrsaSessionWithKeyPemAlone() throws Exception {
        String tcpdump = Peers.require("tcpdump");
        String tshark = Peers.require("tshark");
        try (RunningHost host = new RunningHost(dir, CipherPolicy.KRSA)) {
            Path pcap = dir.resolve("seed.pcap");
            Process capture = new ProcessBuilder(tcpdump, "--immediate-mode", "-i", "lo", "-s", "0", "-U", "-w", pcap.toString(),
                    "tcp port " + host.port()).redirectErrorStream(true).start();
            try {
                awaitListening(capture);
                SeedClient.Run client = SeedClient.run(dir, "127.0.0.1", host.port(), host.cert);
                assertEquals(0, client.exitCode(), client.toString());
                host.next(); // the host has closed: every packet is on the wire
                Thread.sleep(300); // --immediate-mode hands each packet over at once; this covers the last FIN/ACK
            } finally {
                // SIGTERM through the handle (Process.destroy() also closes our pipe ends): tcpdump
                // writes what it holds and closes the file.
                capture.toHandle().destroy();
                capture.waitFor(5, TimeUnit.SECONDS);
                capture.destroyForcibly();
            }
            Proc decoded = Proc.run(dir.toFile(), null, 30, tshark, "-r", pcap.toString(),
                    "-o", "uat:rsa_keys:\"" + host.key + "\",\"\"", "-d", "tcp.port==" + host.port() + ",tls",
                    "-Y", "tls.app_data", "-T", "fields", "-e", "data.data");
            assertEquals(0, decoded.exit, decoded.toString());
            HexFormat hex = HexFormat.of();
            assertTrue(decoded.out.contains(hex.formatHex("Hello Python TLS/SSL Server!\n".getBytes(StandardCharsets.US_ASCII))),
                    "request decrypted: " + decoded);
            assertTrue(decoded.out.contains(hex.formatHex("HELLO PYTHON TLS/SSL SERVER!".getBytes(StandardCharsets.US_ASCII))),
                    "reply decrypted: " + decoded);
        }
    }

    /** tcpdump says "listening on lo" once its capture is open; traffic before that would be lost. */
    private static void awaitListening(Process tcpdump) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(tcpdump.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.contains("listening on")) {
                Thread t = new Thread(() -> {
                    try {
                        r.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // tcpdump ended
                    }
                });
                t.setDaemon(true);
                t.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("tcpdump did not start capturing on lo (is this root or CAP_NET_RAW?)");
    }
}
