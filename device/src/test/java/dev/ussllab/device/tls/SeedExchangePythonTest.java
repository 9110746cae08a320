package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's flow against the seed's Python server (python3 ssl, OpenSSL 3.0 here). */
class SeedExchangePythonTest {

    @TempDir
    static Path dir;
    static TestPki.KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    static ServerTarget target(int port) {
        return new ServerTarget("127.0.0.1", port, null, Duration.ofSeconds(5));
    }

    @Test
    void boardAgainstKrsaEnabledPythonServerNegotiatesAes256Sha256() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExchangeResult r = SeedExchange.run(Profiles.esp8266(), target(server.port()),
                    "Hello Python TLS/SSL Server!", null, KeyLogSink.NONE);
            assertNull(r.error(), () -> String.valueOf(r.error()));
            assertEquals(List.of("Sent:     Hello Python TLS/SSL Server!", "Received: HELLO PYTHON TLS/SSL SERVER!"),
                    r.seedLines());
            assertEquals("TLSv1.2", r.protocol());
            assertEquals("TLS_RSA_WITH_AES_256_CBC_SHA256", r.cipherSuite());
        }
    }

    @Test
    void boardAgainstDefaultPythonServerFailsWithHandshakeFailureAsTheRealBoardDoes() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, null)) {
            ExchangeResult r = SeedExchange.run(Profiles.esp8266(), target(server.port()), "hi", null, KeyLogSink.NONE);
            assertEquals(List.of("OSError: -40"), r.seedLines());
            assertEquals(-40, r.error().code());
            assertTrue(r.error().plainWords().contains("refused the board's ClientHello with the alert handshake_failure (40)")
                    && r.error().plainWords().contains("shares none of the board's four TLS_RSA suites"),
                    r.error().plainWords());
        }
    }

    @Test
    void seedClientProfileTrustsCafileAndGetsTheUpperCasedReply() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExchangeResult r = SeedExchange.run(Profiles.pythonKrsa(), target(server.port()),
                    "Hello Python TLS/SSL Server!", TrustedCertificates.load(keys.cert()), KeyLogSink.NONE);
            assertNull(r.error(), () -> String.valueOf(r.error()));
            assertEquals("HELLO PYTHON TLS/SSL SERVER!", r.received());
            // OpenSSL prefers its own order: the first kRSA suite both sides have.
            assertEquals("TLS_RSA_WITH_AES_256_GCM_SHA384", r.cipherSuite());
        }
    }

    @Test
    void javaDefaultProfileTalksToTheSeedServer() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, null)) {
            ExchangeResult r = SeedExchange.run(Profiles.byName("java-default"), target(server.port()),
                    "hello", TrustedCertificates.load(keys.cert()), KeyLogSink.NONE);
            assertNull(r.error(), () -> String.valueOf(r.error()));
            assertEquals("HELLO", r.received());
            assertEquals("TLSv1.3", r.protocol());
        }
    }

    @Test
    void desktopProfileRefusesAServerItsCafileDoesNotTrust() throws Exception {
        TestPki.KeyPair other = TestPki.selfSigned(dir, "other", 2048, "/CN=other");
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExchangeResult r = SeedExchange.run(Profiles.pythonKrsa(), target(server.port()), "hello",
                    TrustedCertificates.load(other.cert()), KeyLogSink.NONE);
            assertTrue(r.error().plainWords().contains("not trusted by " + other.cert()), r.error().plainWords());
        }
    }
}
