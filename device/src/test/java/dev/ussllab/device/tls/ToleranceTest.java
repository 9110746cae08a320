package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's Python server sends no renegotiation_info (the board offers neither the extension nor
 * the SCSV) and closes without close_notify. axTLS accepts both; a variant of the profile that
 * insists on either fails against the same server, so the tolerance is what makes the board work.
 */
class ToleranceTest {

    @TempDir
    static Path dir;
    static TestPki.KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    static ExchangeResult exchange(TlsClientProfile profile, int port) {
        return SeedExchange.run(profile, new ServerTarget("127.0.0.1", port, null, Duration.ofSeconds(5)),
                "tolerance", null, KeyLogSink.NONE);
    }

    @Test
    void boardToleratesBoth() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExchangeResult r = exchange(Profiles.esp8266(), server.port());
            assertNull(r.error(), () -> r.error().toString());
            assertEquals("TOLERANCE", r.received());
        }
    }

    @Test
    void insistingOnCloseNotifyLosesTheConnection() throws Exception {
        TlsClientProfile strict = Profiles.esp8266().toBuilder("strict-close").tolerateMissingCloseNotify(false).build();
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExchangeResult r = exchange(strict, server.port());
            assertEquals("OSError: (-256, 'CONN_LOST')", r.error().exceptionLine(), r::toString);
        }
    }

    @Test
    void insistingOnRenegotiationInfoFailsTheHandshake() throws Exception {
        TlsClientProfile strict = Profiles.esp8266().toBuilder("strict-reneg")
                .tolerateMissingRenegotiationInfo(false).build();
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExchangeResult r = exchange(strict, server.port());
            assertEquals("OSError: (-260, 'INVALID_HANDSHAKE')", r.error().exceptionLine(), r::toString);
            assertNull(r.protocol());
        }
    }
}
