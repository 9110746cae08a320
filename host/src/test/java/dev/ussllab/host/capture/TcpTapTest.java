package dev.ussllab.host.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.Proc;
import dev.ussllab.host.RunningHost;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.testsupport.Peers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openssl s_client -> our tap -> the host: the tap's file holds the session with real endpoints. */
class TcpTapTest {

    static final String MESSAGE = "  via the tap\n";

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Semaphore sessions = new Semaphore(0);

    private TcpTap tap(InetSocketAddress forward, CaptureFile file, Path keyLog) {
        return tap(forward, file, keyLog, 10_000);
    }

    private TcpTap tap(InetSocketAddress forward, CaptureFile file, Path keyLog, int idleMs) {
        return TcpTap.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), forward, file, keyLog, idleMs,
                lines::add, sessions::release);
    }

    /** A client that connects and says nothing is cut after the idle timeout, and its session still written. */
    @Test
    void aSilentClientIsCutAfterTheIdleTimeout() throws Exception {
        CaptureFile file = CaptureFile.open(dir.resolve("idle.pcapng"));
        try (RunningHost host = new RunningHost(dir, CipherPolicy.COMPAT);
                TcpTap tap = tap(new InetSocketAddress(InetAddress.getLoopbackAddress(), host.port()), file, null, 300);
                java.net.Socket silent = new java.net.Socket()) {
            silent.connect(tap.address(), 2000);
            silent.setSoTimeout(5000);
            assertEquals(-1, silent.getInputStream().read(), "the tap closes the silent connection");
            assertTrue(sessions.tryAcquire(5, TimeUnit.SECONDS));
        }
        assertEquals(1, file.sessions());
        assertTrue(lines.get(0).contains("idle for 300 ms both ways"), lines.toString());
    }

    /** One direction busy, the other silent for longer than the idle timeout: not idle. */
    @Test
    void aLongOneWayTransferIsNotIdle() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TcpTap tap = tap((InetSocketAddress) server.getLocalSocketAddress(),
                        CaptureFile.open(dir.resolve("oneway.pcapng")), null, 300);
                java.net.Socket client = new java.net.Socket()) {
            client.connect(tap.address(), 2000);
            client.setSoTimeout(5000);
            try (java.net.Socket upstream = server.accept()) {
                // 1.2 s of server -> client bytes, every 100 ms, while the client sends nothing.
                for (int i = 0; i < 12; i++) {
                    upstream.getOutputStream().write(new byte[] {(byte) i});
                    upstream.getOutputStream().flush();
                    assertEquals(i, client.getInputStream().read());
                    Thread.sleep(100);
                }
            }
            assertEquals(-1, client.getInputStream().read());
            client.shutdownOutput(); // the client closes its side too, as a real one does
            assertTrue(sessions.tryAcquire(5, TimeUnit.SECONDS));
        }
        assertTrue(lines.get(0).contains("0 bytes up, 12 bytes down") && !lines.get(0).contains("idle"), lines.toString());
    }

    private Proc client(TcpTap tap, String... extra) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Peers.require("openssl"), "s_client", "-connect",
                "127.0.0.1:" + tap.address().getPort(), "-ign_eof"));
        cmd.addAll(List.of(extra));
        return Proc.run(dir.toFile(), MESSAGE, 20, cmd.toArray(String[]::new));
    }

    @Test
    void recordsBothDirectionsAndTheServersKeyLog() throws Exception {
        Peers.require("tshark");
        Path serverKeys = dir.resolve("server-keys.log");
        Path capture = dir.resolve("tap.pcapng");
        try (KeyLogFile keys = KeyLogFile.open(serverKeys);
                RunningHost host = new RunningHost(dir, new HostOptions().policy(CipherPolicy.COMPAT).keyLog(keys));
                TcpTap tap = tap(new InetSocketAddress(InetAddress.getLoopbackAddress(), host.port()),
                        CaptureFile.open(capture), serverKeys)) {
            Proc p = client(tap, "-tls1_3");
            assertTrue(p.out.contains("VIA THE TAP"), p.out + p.err);
            assertTrue(sessions.tryAcquire(10, TimeUnit.SECONDS), lines.toString());
            host.next();
        }
        CaptureChecks.Contents c = CaptureChecks.read(capture);
        assertEquals(1, c.connections().size());
        TcpConnection conn = c.connections().get(0);
        assertTrue(conn.complete());
        assertTrue(conn.client().getPort() > 0 && conn.client().getPort() != conn.server().getPort());
        assertEquals(new TreeSet<>(CaptureChecks.keyLogLines(serverKeys)), new TreeSet<>(c.keyLogLines()));
        assertEquals(5, c.keyLogLines().size()); // TLS 1.3: five secrets
        assertEquals(List.of(MESSAGE, "VIA THE TAP"), CaptureChecks.tsharkPlaintext(capture));
        assertTrue(lines.get(0).contains("5 secret(s)"), lines.toString());
    }

    @Test
    void withoutAKeyLogTheFileHoldsCiphertextOnly() throws Exception {
        Path capture = dir.resolve("plain.pcapng");
        try (RunningHost host = new RunningHost(dir, CipherPolicy.COMPAT);
                TcpTap tap = tap(new InetSocketAddress(InetAddress.getLoopbackAddress(), host.port()),
                        CaptureFile.open(capture), null)) {
            assertTrue(client(tap, "-tls1_2").out.contains("VIA THE TAP"));
            assertTrue(sessions.tryAcquire(10, TimeUnit.SECONDS));
        }
        CaptureChecks.Contents c = CaptureChecks.read(capture);
        assertEquals(List.of(), c.keyLogLines());
        assertEquals(1, c.connections().size());
        assertEquals(List.of(), CaptureChecks.tsharkPlaintext(capture));
        assertTrue(lines.get(0).contains("no secrets"), lines.toString());
    }

    @Test
    void aDeadForwardServerIsReportedAndNothingIsWritten() throws Exception {
        // A port bound but not listening: connecting is refused, and the tap's own listener cannot
        // be given it (a port closed again could be, and the tap then forwarded to itself).
        CaptureFile file = CaptureFile.open(dir.resolve("none.pcapng"));
        int dead;
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            dead = holder.getLocalPort();
            try (TcpTap tap = tap(new InetSocketAddress(InetAddress.getLoopbackAddress(), dead), file, null)) {
                Proc p = client(tap, "-tls1_2");
                assertTrue(p.exit != 0);
            }
        }
        assertEquals(0, file.sessions());
        assertTrue(lines.get(0).contains(" -> 127.0.0.1:" + dead + ": cannot connect to the forward server"), lines.toString());
    }
}
