package dev.ussllab.device.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.tls.BoardCredentials;
import dev.ussllab.device.tls.EmulatedEsp8266;
import dev.ussllab.device.tls.ExchangeResult;
import dev.ussllab.device.tls.Payload;
import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.device.tls.ServerTarget;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * issue 11 §5: probe and device against real, unmodified servers on loopback. For each server
 * configuration, probe's verdict and device's outcome agree (the same handshake code decides both),
 * and the expected outcome holds: the board line, and the cause probe names.
 */
class ProbeAgainstRealServersTest {

    /** Starts one server configuration in a folder. */
    interface Start {
        RealServer start(Path dir) throws Exception;
    }

    /**
     * @param boardLine "connects" or the exact last line the board prints
     * @param why a piece of probe's reason (null: not checked)
     * @param withClientCert judge as a board holding the test CA's client certificate
     */
    record Case(String name, Start start, String boardLine, String why, boolean withClientCert) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String CONNECTS = "connects";

    static Stream<Arguments> servers() {
        return Stream.of(
                new Case("nginx default", d -> RealServers.nginx(d, RealServers.Nginx.DEFAULT), CONNECTS, null, false),
                new Case("nginx Mozilla intermediate", d -> RealServers.nginx(d, RealServers.Nginx.INTERMEDIATE),
                        "OSError: -40", "no shared suite", false),
                new Case("nginx Mozilla old", d -> RealServers.nginx(d, RealServers.Nginx.OLD), CONNECTS, null, false),
                new Case("nginx kRSA", d -> RealServers.nginx(d, RealServers.Nginx.KRSA), CONNECTS, null, false),
                new Case("nginx ECDSA certificate", d -> RealServers.nginx(d, RealServers.Nginx.ECDSA),
                        "OSError: -40", "certificate is ECDSA", false),
                new Case("nginx long chain", d -> RealServers.nginx(d, RealServers.Nginx.LONG_CHAIN),
                        "OSError: (-257, 'RECORD_OVERFLOW')", "the board's record buffer holds 5115 bytes", false),
                new Case("mosquitto", d -> RealServers.mosquitto(d, false), CONNECTS, null, false),
                new Case("mosquitto require_certificate, no key", d -> RealServers.mosquitto(d, true),
                        "OSError: (-267, 'INVALID_CERT_HASH_ALG')", "lists no rsa+sha1", false),
                new Case("mosquitto require_certificate, --client-key/--client-cert", d -> RealServers.mosquitto(d, true),
                        CONNECTS, null, true),
                new Case("stunnel4", ProbeAgainstRealServersTest::stunnel, CONNECTS, null, false),
                new Case("openssl s_server default", d -> RealServers.opensslServer(d, "-www"), CONNECTS, null, false),
                new Case("openssl s_server -cipher kRSA", d -> RealServers.opensslServer(d, "-www", "-cipher", "kRSA"),
                        CONNECTS, null, false),
                new Case("openssl s_server -verify 1", d -> RealServers.opensslServer(d, "-www", "-verify", "1"),
                        "OSError: (-267, 'INVALID_CERT_HASH_ALG')", "lists no rsa+sha1", false),
                new Case("openssl s_server -Verify 1", d -> RealServers.opensslServer(d, "-www", "-Verify", "1"),
                        "OSError: (-267, 'INVALID_CERT_HASH_ALG')", "lists no rsa+sha1", false),
                // Debian's python3 uses the system OpenSSL cipher list, which still has TLS_RSA.
                new Case("python3 default context, /usr/bin/python3", d -> RealServers.python(d, "/usr/bin/python3", false),
                        CONNECTS, null, false),
                // pyenv's python.org build sets Python's own cipher string: no RSA key exchange.
                new Case("python3 default context, python3 on PATH", RealServers::pythonDefault,
                        pathPythonIsDebians() ? CONNECTS : "OSError: -40", pathPythonIsDebians() ? null : "no shared suite",
                        false))
                .map(Arguments::of);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void probeAndDeviceAgree(Case c) throws Exception {
        try (RealServerHandle h = new RealServerHandle(c.start().start(dir))) {
            RealServer server = h.server;
            BoardCredentials creds = c.withClientCert() ? BoardCredentials.load(server.clientKey(), server.clientCert())
                    : null;
            ServerTarget target = new ServerTarget("127.0.0.1", server.port(), null, Duration.ofSeconds(3));
            ExchangeResult device = SeedExchange.onBoard(new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE), target,
                    Payload.line("hello"), SeedExchange.ReadMode.SEED, creds);
            ProbeReport probe = ServerProbe.run("127.0.0.1", server.port(), null, Duration.ofSeconds(5), creds);
            String log = " (" + server.name() + " log: " + server.log() + ")";

            // They agree: probe says "connects" exactly when device's handshake completed, and on
            // failure probe's lines are device's lines.
            boolean deviceHandshook = device.protocol() != null;
            assertEquals(deviceHandshook, probe.verdict().connects(), "device " + device + " vs probe "
                    + probe.verdict() + log);
            if (!deviceHandshook) {
                assertEquals(device.error().printed(), probe.verdict().boardLines(), log);
            }

            // And the outcome is the expected one.
            if (c.boardLine().equals(CONNECTS)) {
                assertTrue(probe.verdict().connects(), probe.verdict() + log);
                assertEquals("TLSv1.2", probe.board().protocol());
                assertTrue(probe.suites().stream().anyMatch(ProbeReport.SuiteResult::accepted), probe.suites().toString());
            } else {
                assertFalse(probe.verdict().connects(), log);
                List<String> lines = probe.verdict().boardLines();
                assertEquals(c.boardLine(), lines.get(lines.size() - 1), probe.verdict() + log);
                assertTrue(probe.verdict().reason().contains(c.why()), probe.verdict().reason());
                assertFalse(probe.verdict().fixes().isEmpty(), "a fix is named: " + probe.verdict());
                assertNotNull(probe.verdict().bridge());
            }
            assertFalse(probe.chain().certificates().isEmpty(), "the chain was seen: " + probe.chain());
        }
    }

    /** stunnel4 forwarding to a plain TCP listener that answers nothing. */
    static RealServer stunnel(Path dir) throws Exception {
        ServerSocket plain = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!plain.isClosed()) {
                try {
                    plain.accept().close();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "plain-tcp");
        t.setDaemon(true);
        t.start();
        return RealServers.stunnel(dir, plain.getLocalPort());
    }

    /** Whether python3 on PATH is Debian's (the system OpenSSL cipher list, TLS_RSA still in). */
    static boolean pathPythonIsDebians() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, "python3");
            if (Files.isExecutable(p)) {
                try {
                    return p.toRealPath().startsWith("/usr/bin");
                } catch (java.io.IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Closes the server even when an assertion fails. */
    static final class RealServerHandle implements AutoCloseable {
        final RealServer server;

        RealServerHandle(RealServer server) {
            this.server = server;
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
