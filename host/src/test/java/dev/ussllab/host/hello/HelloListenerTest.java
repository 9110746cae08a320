package dev.ussllab.host.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import dev.ussllab.testsupport.Peers;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloListenerTest {

    private static final int TIMEOUT_S = 15;

    @TempDir
    Path dir;

    private final List<HelloEvent> events = new CopyOnWriteArrayList<>();

    private Thread serve(HelloListener l, int count) {
        Thread t = new Thread(() -> l.serve(count, events::add), "serve");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void recordsOpensslPythonAndJdkHellosAndRefusesEach() throws Exception {
        String openssl = Peers.require("openssl");
        String python = Peers.require("python3");
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            int port = l.address().getPort();
            Thread t = serve(l, 3);
            String sc = run(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-servername", "openssl.test");
            assertTrue(sc.contains("alert handshake failure"), sc);
            String py = run(python, "-c", "import socket,ssl\n"
                    + "c=ssl.create_default_context()\n"
                    + "s=socket.create_connection(('127.0.0.1'," + port + "),5)\n"
                    + "try: c.wrap_socket(s, server_hostname='python.test')\n"
                    + "except ssl.SSLError as e: print(e.reason)\n");
            assertTrue(py.contains("HANDSHAKE_FAILURE"), py);
            SSLSocket jdk = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket("127.0.0.1", port);
            try (jdk) {
                jdk.setSoTimeout(TIMEOUT_S * 1000);
                SSLException e = assertThrows(SSLException.class, jdk::startHandshake);
                assertTrue(e.getMessage().contains("handshake_failure"), e.getMessage());
            }
            t.join(TIMEOUT_S * 1000);
            assertFalse(t.isAlive(), "serve returns after --count hellos");
        }
        assertEquals(3, events.size(), events.toString());
        events.forEach(e -> assertTrue(e.hasHello() && e.problem() == null, e.toString()));
        assertEquals("openssl.test", events.get(0).hello().serverName().orElseThrow());
        assertEquals("python.test", events.get(1).hello().serverName().orElseThrow());
        ClientHello java = events.get(2).hello();
        assertTrue(java.supportedVersions().contains(0x0304), "JDK 17 offers TLS 1.3");
        assertTrue(CipherSuiteInfo.of(java.cipherSuites().get(0)).orElseThrow().forwardSecret());
        // Python 3.10+ and OpenSSL 3.0 defaults offer no TLS_RSA suite: not decryptable with the key.
        assertFalse(Decryptability.of(events.get(1).hello()).possible());
    }

    @Test
    void aKrsaClientIsReportedDecryptable() throws Exception {
        String openssl = Peers.require("openssl");
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            Thread t = serve(l, 1);
            run(openssl, "s_client", "-connect", "127.0.0.1:" + l.address().getPort(), "-tls1_2", "-cipher", "kRSA");
            t.join(TIMEOUT_S * 1000);
        }
        Decryptability d = Decryptability.of(events.get(0).hello());
        assertTrue(d.possible(), d.reason());
        assertTrue(d.rsaSuites().stream().allMatch(CipherSuiteInfo::isRsaKeyExchange));
        String text = String.join("\n", HelloText.lines(events.get(0).hello()));
        assertTrue(text.contains("[RSA key exchange]") && text.contains("JA4") && text.contains("yes, if"), text);
    }

    @Test
    void garbageIsReportedAndTheListenerCarriesOn() throws Exception {
        String openssl = Peers.require("openssl");
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            int port = l.address().getPort();
            Thread t = serve(l, 1);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(TIMEOUT_S * 1000);
                s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, s.getInputStream().read(), "closed without a TLS answer");
            }
            run(openssl, "s_client", "-connect", "127.0.0.1:" + port);
            t.join(TIMEOUT_S * 1000);
            assertFalse(t.isAlive());
        }
        assertEquals(2, events.size());
        assertNull(events.get(0).hello());
        assertTrue(events.get(0).problem().contains("not TLS"), events.get(0).problem());
        assertTrue(events.get(1).hasHello());
    }

    @Test
    void aSilentClientTimesOutWithoutHoldingUpTheOthers() throws Exception {
        String openssl = Peers.require("openssl");
        int helloTimeoutMs = 1_500;
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                helloTimeoutMs)) {
            int port = l.address().getPort();
            Thread t = serve(l, 1);
            try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket half = new Socket(InetAddress.getLoopbackAddress(), port)) {
                half.getOutputStream().write(new byte[] {0x16, 3, 1, 0, 100, 1}); // a record that never completes
                long start = System.nanoTime();
                run(openssl, "s_client", "-connect", "127.0.0.1:" + port);
                long servedMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(servedMs < helloTimeoutMs, "served while two clients stalled, in " + servedMs + " ms");
                t.join(TIMEOUT_S * 1000);
                assertFalse(t.isAlive());
                silent.setSoTimeout(TIMEOUT_S * 1000);
                assertEquals(-1, silent.getInputStream().read(), "the silent client is closed after the timeout");
            }
        }
        assertEquals(3, events.size(), events.toString());
        assertEquals(1, events.stream().filter(HelloEvent::hasHello).count());
        assertEquals(2, events.stream().filter(e -> e.problem() != null && (e.problem().contains("within 1500 ms")
                || e.problem().contains("record fragment"))).count(), events.toString());
        // the one that sent nothing is told apart from the one that stopped half-way
        assertEquals(1, events.stream().filter(e -> e.problem() != null
                && e.problem().startsWith("sent nothing within 1500 ms (a TLS client speaks first")).count(),
                events.toString());
    }

    @Test
    void aPortInUseIsAOneLineFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LabException e = assertThrows(LabException.class, () -> HelloListener.open(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), null));
            assertTrue(e.getMessage().contains("in use") && e.getMessage().contains(":" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void forwardsTheWholeConnectionToARealServer() throws Exception {
        String openssl = Peers.require("openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-keyout", key.toString(), "-out", cert.toString());
        int serverPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serverPort = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(openssl, "s_server", "-accept", "127.0.0.1:" + serverPort,
                "-key", key.toString(), "-cert", cert.toString(), "-naccept", "1", "-rev")
                .redirectErrorStream(true).start();
        watchdog(server);
        try {
            awaitLine(server.getInputStream(), "ACCEPT");
            InetSocketAddress upstream = new InetSocketAddress("127.0.0.1", serverPort);
            try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    upstream)) {
                Thread t = serve(l, 1);
                Process client = new ProcessBuilder(openssl, "s_client", "-connect", "127.0.0.1:" + l.address().getPort(),
                        "-quiet", "-no_ign_eof").redirectErrorStream(true).start();
                watchdog(client);
                try {
                    client.getOutputStream().write("hello relay\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    String reply = awaitLine(client.getInputStream(), "yaler olleh");
                    assertTrue(reply.contains("yaler olleh"), "s_server -rev answered through the relay: " + reply);
                } finally {
                    client.destroyForcibly();
                }
                t.join(TIMEOUT_S * 1000);
            }
        } finally {
            server.destroyForcibly();
        }
        assertEquals(1, events.size());
        assertNull(events.get(0).problem());
    }

    @Test
    void anUnreachableForwardTargetIsReportedAndTheClientRefused() throws Exception {
        String openssl = Peers.require("openssl");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new InetSocketAddress("127.0.0.1", closedPort))) {
            Thread t = serve(l, 1);
            String sc = run(openssl, "s_client", "-connect", "127.0.0.1:" + l.address().getPort());
            assertTrue(sc.contains("alert handshake failure"), sc);
            t.join(TIMEOUT_S * 1000);
        }
        assertTrue(events.get(0).problem().contains("could not forward to 127.0.0.1:" + closedPort
                + ": Connection refused"), events.get(0).problem());
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        try {
            byte[] out = p.getInputStream().readAllBytes(); // ends when the process closes its output
            assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), command[0] + " did not finish");
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Ends the process after the timeout, so a read of its output never blocks the test for ever. */
    static void watchdog(Process p) {
        java.util.concurrent.CompletableFuture.runAsync(p::destroyForcibly,
                java.util.concurrent.CompletableFuture.delayedExecutor(TIMEOUT_S, TimeUnit.SECONDS));
    }

    /** Reads lines until one contains the text; the caller's process timeout bounds the wait. */
    static String awaitLine(InputStream in, String text) throws Exception {
        StringBuilder all = new StringBuilder();
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            all.append(line).append('\n');
            if (line.contains(text)) {
                return all.toString();
            }
        }
        return all.toString();
    }
}
