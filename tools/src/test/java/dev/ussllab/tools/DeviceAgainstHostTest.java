package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.keys.KeyMaterial;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ussl-lab device` (the emulated ESP8266) against the host under each policy: krsa and compat
 * let the board in with RSA key exchange; modern refuses it (handshake_failure after the ClientHello),
 * and both sides say so.
 */
class DeviceAgainstHostTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void theBoardConnectsUnlessModern(CipherPolicy policy) throws Exception {
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        BlockingQueue<ConnectionRecord> records = new LinkedBlockingQueue<>();
        KeyMaterial keys = KeyMaterial.load(dir.resolve("key.pem"), dir.resolve("cert.pem"));
        try (UpperCaseServer host = UpperCaseServer.start(keys, new HostOptions().port(0).policy(policy).listener(records::add))) {
            Cli r = Cli.run("device", "--port", String.valueOf(host.port()));
            ConnectionRecord seen = records.poll(10, TimeUnit.SECONDS);
            assertNotNull(seen, "the host saw no connection");
            // The board's four suites in axTLS order, no SCSV (esp8266-ussl-profile.md).
            assertEquals("002f 003c 0035 003d", seen.offeredHex(), seen.logLine());
            // The host's JA3 of the board equals the reference's ("771,47-60-53-61,13,," without SNI).
            assertEquals("771,47-60-53-61,13,,", seen.ja3Text());
            assertEquals("04f06ff27dda5ea52ba3d0c6a1e2d553", seen.ja3()); // md5 of that string (md5sum)
            if (policy == CipherPolicy.MODERN) {
                assertEquals(1, r.exitCode, r.toString());
                assertEquals("OSError: -40\n", r.out);
                assertTrue(r.err.contains("shares none of the board's four TLS_RSA suites"), r.err);
                assertEquals("sent alert handshake_failure: No selectable cipher suite", seen.detail(), seen.logLine());
            } else {
                assertEquals(0, r.exitCode, r.toString());
                assertEquals("Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n", r.out);
                assertEquals("TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA", seen.protocol() + " " + seen.cipherSuiteName(), seen.logLine());
                assertTrue(seen.ok(), seen.logLine());
            }
        }
    }
}
