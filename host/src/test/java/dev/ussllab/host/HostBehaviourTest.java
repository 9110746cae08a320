package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.ConnectionObserver.Direction;
import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts, concurrency, garbage, the byte tap, key logs and bind errors, against real sockets and openssl. */
class HostBehaviourTest {

    @TempDir
    Path dir;

    @Test
    void aSilentClientDoesNotHoldUpANormalOne() throws Exception {
        // The silent client's timeout (5 s) is far beyond the normal exchange, even on a loaded machine.
        HostOptions opts = new HostOptions().policy(CipherPolicy.COMPAT).threads(2).timeout(Duration.ofSeconds(5));
        try (RunningHost host = new RunningHost(dir, opts)) {
            try (Socket silent = new Socket()) {
                silent.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), host.port()), 2000);
                Proc p = HostAgainstRealClientsTest.sClient(host, "-tls1_2", "-cipher", "kRSA");
                assertEquals(0, p.exit, p.toString());
                ConnectionRecord first = host.next();
                assertEquals(Outcome.OK, first.outcome(), "the normal client ends while the silent one waits: " + first.logLine());
            }
            ConnectionRecord second = host.next();
            assertEquals(Outcome.CLOSED, second.outcome(), second.logLine());
            assertTrue(second.detail().contains("closed before sending anything"), second.logLine());
        }
    }

    /** At --max-connections open, the next connection is closed at once and logged as busy. */
    @Test
    void pastMaxConnectionsTheNextIsRefusedAtOnce() throws Exception {
        HostOptions opts = new HostOptions().threads(1).maxConnections(5).timeout(Duration.ofSeconds(2));
        List<Socket> held = new ArrayList<>();
        try (RunningHost host = new RunningHost(dir, opts)) {
            for (int i = 0; i < 6; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), host.port());
                s.setSoTimeout(5000);
                held.add(s);
            }
            ConnectionRecord busy = host.next();
            assertEquals(Outcome.BUSY, busy.outcome(), busy.logLine());
            assertTrue(busy.detail().contains("5 connections open, the most --max-connections allows"), busy.logLine());
            assertEquals(-1, held.get(5).getInputStream().read(), "the refused client sees the close");
            for (Socket s : held) {
                s.close(); // before the host stops, so it need not wait out their timeouts
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** The deadline runs from accept to the message, not per read: a trickle does not stretch it. */
    @Test
    void aTricklingClientIsCutAtItsDeadline() throws Exception {
        HostOptions opts = new HostOptions().threads(1).timeout(Duration.ofSeconds(1));
        try (RunningHost host = new RunningHost(dir, opts); Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), host.port()), 2000);
            s.setSoTimeout(5000);
            byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x40}; // a record header promising 64 bytes, then a trickle
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < hello.length; i++) {
                    s.getOutputStream().write(hello[i]);
                    Thread.sleep(300); // each byte well inside any per-read timeout
                }
            } catch (java.io.IOException cut) {
                // the host closed the connection mid-trickle: what this test wants
            }
            int eof = readToEnd(s.getInputStream()).length;
            ConnectionRecord r = host.next();
            assertEquals(Outcome.TIMEOUT, r.outcome(), r.logLine());
            assertEquals("no complete handshake within 1.0 s", r.detail(), r.logLine());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Before: one read timeout per byte, cut only at two timeouts (2 s) from accept.
            assertTrue(ms < 1900, "cut at " + ms + " ms");
            assertEquals(0, eof);
        }
    }

    @Test
    void garbageAndEarlyCloseAreNamedInTheRecord() throws Exception {
        try (RunningHost host = new RunningHost(dir, CipherPolicy.COMPAT)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), host.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                readToEnd(s.getInputStream());
            }
            ConnectionRecord r = host.next();
            assertEquals(Outcome.ERROR, r.outcome(), r.logLine());
            assertTrue(r.logLine().contains("not TLS: the first byte is 0x47"), r.logLine());
            new Socket(InetAddress.getLoopbackAddress(), host.port()).close();
            ConnectionRecord closed = host.next();
            assertEquals(Outcome.CLOSED, closed.outcome(), closed.logLine());
            assertTrue(closed.detail().contains("closed before sending anything"), closed.logLine());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), host.port())) {
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 1, 0, 0}); // 8 of 69 bytes
            }
            ConnectionRecord cut = host.next();
            assertEquals(Outcome.CLOSED, cut.outcome(), cut.logLine());
            assertTrue(cut.detail().contains("closed before its ClientHello was complete (8 bytes)"), cut.logLine());
        }
    }

    /** A client that resets the connection mid-handshake (as openssl s_time does) is "connection lost", not an alert. */
    @Test
    void aResetIsConnectionLostNotAnAlert() throws Exception {
        try (RunningHost host = new RunningHost(dir, CipherPolicy.KRSA)) {
            HostAgainstRealClientsTest.sClient(host, "-tls1_2", "-cipher", "kRSA");
            byte[] hello = host.next().clientHello(); // a real ClientHello from openssl, replayed below
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), host.port())) {
                s.setSoTimeout(5000);
                byte[] record = new byte[5 + hello.length];
                record[0] = 0x16;
                record[1] = 0x03;
                record[2] = 0x01;
                record[3] = (byte) (hello.length >> 8);
                record[4] = (byte) hello.length;
                System.arraycopy(hello, 0, record, 5, hello.length);
                s.getOutputStream().write(record);
                assertEquals(0x16, s.getInputStream().read(), "the host answers with its handshake flight");
                s.setSoLinger(true, 0); // close with RST
            }
            ConnectionRecord r = host.next();
            assertEquals(Outcome.CLOSED, r.outcome(), r.logLine());
            assertTrue(r.detail().contains("during the handshake: connection lost: Connection reset"), r.logLine());
        }
    }

    @Test
    void observerSeesEveryByteEachWay() throws Exception {
        Map<Direction, ByteArrayOutputStream> seen = new ConcurrentHashMap<>();
        List<ConnectionRecord> closed = new ArrayList<>();
        HostOptions opts = new HostOptions().observers((client, server) -> new ConnectionObserver() {
            @Override
            public void onBytes(Direction d, byte[] b, int off, int len) {
                seen.computeIfAbsent(d, k -> new ByteArrayOutputStream()).write(b, off, len);
            }

            @Override
            public void onClose(ConnectionRecord record) {
                closed.add(record);
            }
        });
        try (RunningHost host = new RunningHost(dir, opts)) {
            HostAgainstRealClientsTest.sClient(host, "-tls1_2", "-cipher", "kRSA");
            ConnectionRecord r = host.next();
            byte[] in = seen.get(Direction.IN).toByteArray();
            assertEquals(r.bytesIn(), in.length);
            assertEquals(r.bytesOut(), seen.get(Direction.OUT).toByteArray().length);
            assertEquals(0x16, in[0]); // handshake record
            byte[] hello = r.clientHello();
            byte[] fromWire = java.util.Arrays.copyOfRange(in, 5, 5 + hello.length);
            assertArrayEquals(hello, fromWire, "the kept ClientHello is the bytes on the wire");
            assertEquals(List.of(r), closed);
        }
    }

    /** Our key log lines equal openssl's own -keylogfile lines for the same session. */
    @Test
    void keyLogMatchesOpensslForTls12AndTls13() throws Exception {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        HexFormat hex = HexFormat.of();
        HostOptions opts = new HostOptions().keyLog((label, random, secret) ->
                lines.add(label + " " + hex.formatHex(random) + " " + hex.formatHex(secret)));
        try (RunningHost host = new RunningHost(dir, opts)) {
            for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
                lines.clear();
                Path keylog = dir.resolve("openssl" + version + ".keys");
                Proc p = HostAgainstRealClientsTest.sClient(host, version, "-keylogfile", keylog.toString());
                assertEquals(0, p.exit, p.toString());
                host.next();
                List<String> theirs = Files.readAllLines(keylog).stream().filter(l -> !l.startsWith("#")).sorted().toList();
                List<String> ours = lines.stream().sorted().toList();
                assertEquals(theirs, ours, version);
                assertEquals(version.equals("-tls1_2") ? 1 : 5, ours.size());
            }
        }
    }

    @Test
    void portInUseAndForeignAddressAreOneLineErrors() throws Exception {
        KeyMaterial keys;
        try (RunningHost host = new RunningHost(dir, CipherPolicy.COMPAT)) {
            keys = KeyMaterial.load(host.key, host.cert);
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LabException e = assertThrows(LabException.class, () -> UpperCaseServer.start(keys,
                    new HostOptions().port(taken.getLocalPort())));
            assertTrue(e.oneLine().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), e.oneLine());
            assertTrue(e.oneLine().contains("--port"), e.oneLine());
        }
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never configured here; the check sends nothing.
        LabException e = assertThrows(LabException.class, () -> UpperCaseServer.start(keys,
                new HostOptions().port(0).bind(InetAddress.getByName("192.0.2.1"))));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.oneLine().contains("192.0.2.1 is not on this machine") && e.oneLine().contains("ip -br addr"), e.oneLine());
    }

    private static byte[] readToEnd(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0]; // a reset counts as the end
        }
    }
}
