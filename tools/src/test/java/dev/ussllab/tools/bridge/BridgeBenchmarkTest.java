package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.TrustAnything;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge against stunnel4 on the same loopback transfer: one TLS 1.2 client, the same suite,
 * the same Python TLS sink behind. stunnel does the bridge's work as two chained services in one
 * process (TLS in -> plain -> TLS out, the second with client = yes), so both decrypt and
 * re-encrypt every byte. Printed: upload throughput (best of three 32 MiB runs) and the median
 * round trip of a 64-byte echo, each as bridge/stunnel.
 */
@Tag("long")
class BridgeBenchmarkTest {

    static final int MIB = 1 << 20;
    static final int UPLOAD = 32 * MIB;
    static final int RUNS = 3;
    static final int ROUND_TRIPS = 400;

    @TempDir
    Path dir;

    @Test
    void bridgeAgainstStunnel() throws Exception {
        String python = Peers.require("python3");
        String stunnel = Peers.require("stunnel4");
        BridgeHarness.boardKeys(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process tunnel = null;
        try (BridgeHarness.Upstream sink = BridgeHarness.Upstream.start(dir, python)) {
            int sinkPort = sink.port();
            int in = freePort();
            int mid = freePort();
            Files.writeString(dir.resolve("stunnel.conf"), String.join("\n", List.of(
                    "foreground = yes", "pid =", "debug = 3", "output = " + dir.resolve("stunnel.log"),
                    "[in]", "accept = 127.0.0.1:" + in, "connect = 127.0.0.1:" + mid, "cert = " + cert, "key = " + key,
                    "[out]", "client = yes", "accept = 127.0.0.1:" + mid, "connect = 127.0.0.1:" + sinkPort, "")));
            tunnel = new ProcessBuilder(stunnel, dir.resolve("stunnel.conf").toString()).redirectErrorStream(true).start();
            waitListening(in);
            try (BridgeHarness bridge = BridgeHarness.start(dir, sinkPort, UpstreamTrust.fromCaFile(cert), null)) {
                String suite = suite();
                measure("warm-up bridge", bridge.port(), suite);
                measure("warm-up stunnel", in, suite);
                // Alternate the two, and keep each one's best: a shared machine's noise hits both alike.
                double[] b = {0, Double.MAX_VALUE};
                double[] s = {0, Double.MAX_VALUE};
                for (int round = 0; round < 2; round++) {
                    best(b, measure("bridge", bridge.port(), suite));
                    best(s, measure("stunnel4", in, suite));
                }
                System.out.printf("bridge/stunnel4 (%s, %d MiB upload, %d round trips): throughput %.2f, median round trip %.2f%n",
                        suite, UPLOAD / MIB, ROUND_TRIPS, b[0] / s[0], b[1] / s[1]);
            }
        } finally {
            if (tunnel != null) {
                tunnel.destroy();
                tunnel.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void best(double[] into, double[] run) {
        into[0] = Math.max(into[0], run[0]);
        into[1] = Math.min(into[1], run[1]);
    }

    /** The board's first suite if this JDK still enables it, else the usual forward-secret one. */
    private static String suite() throws Exception {
        List<String> supported = Arrays.asList(TrustAnything.context().getSocketFactory().getDefaultCipherSuites());
        return supported.contains("TLS_RSA_WITH_AES_128_CBC_SHA") ? "TLS_RSA_WITH_AES_128_CBC_SHA"
                : "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    }

    /** {MB/s upload, median round trip in microseconds} through the terminator on port. */
    private static double[] measure(String name, int port, String suite) throws Exception {
        byte[] data = new byte[UPLOAD];
        new java.util.Random(1).nextBytes(data);
        double best = 0;
        for (int run = 0; run < RUNS; run++) {
            try (SSLSocket s = client(port, suite)) {
                long t0 = System.nanoTime();
                OutputStream out = s.getOutputStream();
                out.write("up:  ".getBytes(StandardCharsets.US_ASCII)); // any 5-byte mode but "echo:" counts
                for (int off = 0; off < data.length; off += MIB) {
                    out.write(data, off, MIB);
                }
                out.flush();
                s.shutdownOutput(); // close_notify: the sink sees the end and answers
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals("got " + UPLOAD, answer.replace("\0", "").trim().replaceFirst("^.*got", "got"), name);
                best = Math.max(best, UPLOAD / (double) MIB / seconds);
            } catch (java.io.IOException e) {
                // stunnel and the bridge both end the client's leg once the sink closes; the answer was checked
                throw e;
            }
        }
        long[] rtt = new long[ROUND_TRIPS];
        try (SSLSocket s = client(port, suite)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("echo:".getBytes(StandardCharsets.US_ASCII));
            byte[] msg = new byte[64];
            byte[] back = new byte[64];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                msg[0] = (byte) i;
                long t0 = System.nanoTime();
                out.write(msg);
                out.flush();
                int got = 0;
                while (got < back.length) {
                    got += in.read(back, got, back.length - got);
                }
                rtt[i] = System.nanoTime() - t0;
                assertArrayEquals(msg, back);
            }
        }
        Arrays.sort(rtt);
        double median = rtt[ROUND_TRIPS / 2] / 1000.0;
        System.out.printf("%-16s upload %.1f MB/s (best of %d), median round trip %.0f us%n", name, best, RUNS, median);
        return new double[] {best, median};
    }

    private static SSLSocket client(int port, String suite) throws Exception {
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), port);
        raw.setTcpNoDelay(true);
        SSLSocket s = (SSLSocket) TrustAnything.context().getSocketFactory().createSocket(raw, "localhost", port, true);
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.setEnabledCipherSuites(new String[] {suite});
        s.startHandshake();
        return s;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitListening(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("stunnel did not listen on " + port);
    }
}
