package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.bridge.SessionRecord;
import dev.ussllab.host.bridge.SessionRecord.Outcome;
import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.TrustAnything;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay itself, against Python's ssl server upstream: a bare TCP FIN from the client (no
 * close_notify, as a board that just closes its socket) reaches the server as a FIN while the
 * answer still comes back (half-close); and megabytes both ways at once, the client writing
 * everything before reading anything, get through whole (back-pressure without deadlock).
 */
class BridgeRelayTest {

    @TempDir
    Path dir;

    @Test
    void halfCloseAndBulkBothWays() throws Exception {
        String python = Peers.require("python3");
        BridgeHarness.boardKeys(dir);
        try (BridgeHarness.Upstream upstream = BridgeHarness.Upstream.start(dir, python)) {
            Process server = upstream.process();
            int upstreamPort = upstream.port();
            // The upstream's certificate is keygen's, for localhost: trust exactly it.
            // A short --idle: a relay that stalls (nothing left to wake it) ends in a timeout, not a pass.
            try (BridgeHarness bridge = BridgeHarness.start(dir, upstreamPort, UpstreamTrust.fromCaFile(dir.resolve("cert.pem")),
                    null, null, java.time.Duration.ofSeconds(3))) {
                // Half-close: send, FIN without close_notify, then read the answer.
                try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), bridge.port())) {
                    SSLSocket tls = layered(raw);
                    tls.getOutputStream().write("half:hello bridge".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    raw.shutdownOutput();
                    String answer = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    SessionRecord half = bridge.nextRecord();
                    assertEquals("got 12", answer, half.logLine() + "\n" + output(server));
                    assertEquals(Outcome.OK, half.outcome(), half.logLine());
                    assertEquals(17, half.bytesUp(), half.logLine());
                }

                // Bulk both ways: 8 MiB written before a byte is read; the echo comes back whole.
                byte[] data = new byte[8 << 20];
                new Random(11).nextBytes(data);
                try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), bridge.port())) {
                    SSLSocket tls = layered(raw);
                    OutputStream out = tls.getOutputStream();
                    InputStream in = tls.getInputStream();
                    out.write("echo:".getBytes(StandardCharsets.US_ASCII));
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        try {
                            out.write(data);
                            out.flush();
                            raw.shutdownOutput();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    byte[] back = in.readAllBytes();
                    writer.get(60, TimeUnit.SECONDS);
                    byte[] tail = ("got " + data.length).getBytes(StandardCharsets.US_ASCII);
                    assertEquals(data.length + tail.length, back.length);
                    assertArrayEquals(data, java.util.Arrays.copyOf(back, data.length));
                    assertArrayEquals(tail, java.util.Arrays.copyOfRange(back, data.length, back.length));
                }
                SessionRecord r = bridge.nextRecord();
                assertEquals(Outcome.OK, r.outcome(), r.logLine());
                assertEquals(data.length + 5, r.bytesUp(), r.logLine());
                assertTrue(r.bytesDown() > data.length, r.logLine());

                // Upload only, 32 MiB: the board side's plaintext queue fills while the upstream
                // side empties; every byte must still go through (found stalling by the benchmark).
                byte[] big = new byte[32 << 20];
                new Random(12).nextBytes(big);
                try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), bridge.port())) {
                    SSLSocket tls = layered(raw);
                    OutputStream out = tls.getOutputStream();
                    out.write("half:".getBytes(StandardCharsets.US_ASCII));
                    for (int off = 0; off < big.length; off += 1 << 20) {
                        out.write(big, off, 1 << 20);
                    }
                    out.flush();
                    raw.shutdownOutput();
                    assertEquals("got " + big.length, new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                }
                r = bridge.nextRecord();
                assertEquals(Outcome.OK, r.outcome(), r.logLine());
                assertEquals(big.length + 5, r.bytesUp(), r.logLine());
            }
        }
    }

    private static String output(Process p) throws Exception {
        return p.getInputStream().available() > 0 ? new String(p.getInputStream().readNBytes(p.getInputStream().available())) : "";
    }

    /** A TLS client over a socket whose FIN we send ourselves (the board's self-signed cert is not checked, as on a board). */
    private static SSLSocket layered(Socket raw) throws Exception {
        SSLSocket s = (SSLSocket) TrustAnything.context().getSocketFactory().createSocket(raw, "localhost", raw.getPort(), false);
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.startHandshake();
        return s;
    }
}
