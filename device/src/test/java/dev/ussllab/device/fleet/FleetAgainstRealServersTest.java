package dev.ussllab.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few boards against the servers real boards meet (openssl s_server, nginx, mosquitto): the
 * exchanges succeed where the board's profile fits and fail with the board's own error where it
 * does not. Small N: behaviour, not speed (the benchmarks measure speed).
 */
class FleetAgainstRealServersTest {

    @TempDir
    Path dir;

    private static FleetOptions exchanges(int port, int boards, long count, String message) {
        return new FleetOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), boards, null, count, 0,
                message.getBytes(StandardCharsets.UTF_8), Duration.ZERO, null, Duration.ofSeconds(30));
    }

    private static FleetReport run(FleetOptions o) {
        List<String> progress = new ArrayList<>();
        return Fleet.run(o, progress::add);
    }

    @Test
    void opensslKrsaServerAnswersEveryBoard() throws Exception {
        RealServer s = RealServers.opensslServer(dir, "-tls1_2", "-cipher", "kRSA", "-rev");
        try {
            FleetReport r = run(exchanges(s.port(), 2, 6, "hello"));
            assertEquals(6, r.handshakes(), r.lines().toString());
            assertEquals(0, r.failed(), r.lines().toString());
            assertTrue(r.p50Ms() > 0 && r.maxMs() >= r.p99Ms() && r.p99Ms() >= r.p50Ms(), r.lines().toString());
            assertTrue(r.bytesSent() > 6 * 400 && r.bytesReceived() > 6 * 800, r.lines().toString());
            assertTrue(r.json().contains("\"handshakes\": 6,") && r.json().contains("\"failures\": {}"), r.json());
        } finally {
            s.close();
        }
    }

    @Test
    void ecdheOnlyServerFailsEveryBoardWithItsOwnError() throws Exception {
        RealServer s = RealServers.opensslServer(dir, "-tls1_2", "-cipher", "ECDHE", "-rev");
        try {
            FleetReport r = run(exchanges(s.port(), 2, 4, "hello"));
            assertEquals(0, r.handshakes());
            assertEquals(Map.of("OSError: -40", 4L), r.failures(), r.lines().toString());
            assertTrue(r.json().contains("\"failures\": {\"OSError: -40\": 4}"), r.json());
        } finally {
            s.close();
        }
    }

    @Test
    void nginxServesHttpToTheBoardsAndItsLongChainOverflowsThem() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("krsa"));
        java.nio.file.Files.createDirectories(dir.resolve("chain"));
        RealServer ok = RealServers.nginx(dir.resolve("krsa"), RealServers.Nginx.KRSA);
        try {
            FleetReport r = run(exchanges(ok.port(), 4, 12, "GET / HTTP/1.0\r\n"));
            assertEquals(12, r.handshakes(), r.lines().toString());
            assertEquals(0, r.failed(), r.lines().toString());
        } finally {
            ok.close();
        }
        RealServer chain = RealServers.nginx(dir.resolve("chain"), RealServers.Nginx.LONG_CHAIN);
        try {
            FleetReport r = run(exchanges(chain.port(), 2, 2, "GET / HTTP/1.0\r\n"));
            assertEquals(Map.of("OSError: (-257, 'RECORD_OVERFLOW')", 2L), r.failures(), r.lines().toString());
        } finally {
            chain.close();
        }
    }

    @Test
    void mosquittoHandshakesAndHeldBoardsStayConnected() throws Exception {
        RealServer s = RealServers.mosquitto(dir, false);
        try {
            FleetOptions o = new FleetOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()), 3, null, 3, 0,
                    new byte[0], Duration.ofMillis(800), null, Duration.ofSeconds(30));
            FleetReport r = run(o);
            assertEquals(3, r.handshakes(), r.lines().toString());
            assertEquals(0, r.failed(), r.lines().toString());
            assertEquals(3, r.peakConnected(), "all three held at once");
            assertTrue(r.seconds() >= 0.8, "the run lasts at least the hold: " + r.seconds());
        } finally {
            s.close();
        }
    }

    @Test
    void openLoopStartsAtTheRateAndLatencyCountsFromTheSchedule() throws Exception {
        RealServer s = RealServers.opensslServer(dir, "-tls1_2", "-cipher", "kRSA", "-rev");
        try {
            FleetOptions o = new FleetOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()), 4,
                    Duration.ofSeconds(3), 0, 10, "hi".getBytes(StandardCharsets.US_ASCII), Duration.ZERO, null,
                    Duration.ofSeconds(30));
            FleetReport r = run(o);
            assertEquals("open loop at 10/s", r.mode());
            // 30 due in 3 s; on a loaded machine a few may still be in flight at the end.
            assertTrue(r.handshakes() >= 10 && r.handshakes() <= 31, r.lines().toString());
            assertEquals(0, r.failed(), r.lines().toString());
        } finally {
            s.close();
        }
    }

    @Test
    void threadsShareTheBoardsAndTheCountAndTheFiguresAddUp() throws Exception {
        RealServer s = RealServers.opensslServer(dir, "-tls1_2", "-cipher", "kRSA", "-rev");
        try {
            FleetOptions o = new FleetOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()), 7, null, 11, 0,
                    "hi".getBytes(StandardCharsets.US_ASCII), Duration.ZERO, null, Duration.ofSeconds(30), 3);
            FleetReport r = run(o);
            assertEquals(3, r.threads(), r.lines().toString());
            assertEquals(11, r.handshakes(), "every exchange asked for, none twice: " + r.lines());
            assertEquals(0, r.failed(), r.lines().toString());
            assertTrue(r.peakConnected() >= 1 && r.peakConnected() <= 7, r.lines().toString());
            assertTrue(r.cpuSeconds() > 0 && r.cpuMsPerHandshake() > 0, r.lines().toString());
            assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("fleet: 3 threads, ")), r.lines().toString());
        } finally {
            s.close();
        }
    }

    @Test
    void moreThreadsThanBoardsOrExchangesLeaveNoThreadIdle() throws Exception {
        assertEquals(2, new FleetOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), 2, null, 1, 0,
                new byte[0], Duration.ZERO, null, null, 8).threadsToUse());
        assertEquals(java.util.List.of(4, 3, 3), java.util.List.of(Fleet.share(10, 3, 0), Fleet.share(10, 3, 1), Fleet.share(10, 3, 2)));
        RealServer s = RealServers.opensslServer(dir, "-tls1_2", "-cipher", "kRSA", "-rev");
        try {
            FleetOptions o = new FleetOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()), 4, null, 1, 0,
                    "hi".getBytes(StandardCharsets.US_ASCII), Duration.ZERO, null, Duration.ofSeconds(30), 4);
            FleetReport r = run(o);
            assertEquals(1, r.handshakes(), r.lines().toString());
            assertEquals(1, r.threads(), "one exchange needs one thread: " + r.lines());
        } finally {
            s.close();
        }
    }

    @Test
    void moreBoardsThanTheOpenFilesLimitAllowsIsBadInput() {
        Fleet.checkOpenFilesLimit(1000, 20_000);
        Fleet.checkOpenFilesLimit(1000, -1); // unknown: not refused
        dev.ussllab.profile.LabException e = org.junit.jupiter.api.Assertions.assertThrows(dev.ussllab.profile.LabException.class,
                () -> Fleet.checkOpenFilesLimit(30_000, 20_000));
        assertTrue(e.getMessage().contains("--boards 30000 needs about 30064 open files, and this process may open 20000"), e.getMessage());
    }

    @Test
    void nothingListeningIsTheBoardsConnectionReset() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        FleetReport r = run(exchanges(port, 2, 4, "hello"));
        assertEquals(Map.of("OSError: [Errno 104] ECONNRESET", 4L), r.failures(), r.lines().toString());
    }
}
