package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.UsslSocket;
import dev.ussllab.host.bridge.SessionRecord;
import dev.ussllab.host.bridge.SessionRecord.Outcome;
import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 §5, bridge part: the emulated ESP8266 (the same client `ussl-lab device` runs) fails
 * alone against nginx with Mozilla's intermediate settings and against mosquitto requiring a
 * client certificate, and gets through the bridge: an HTTP GET to nginx, an MQTT CONNECT/CONNACK to mosquitto (also when
 * mosquitto requires a client certificate, which the bridge holds). A bridge that does not trust
 * the server's CA closes the board's connection and logs why.
 */
class BridgeRealServersTest {

    /** MQTT 3.1.1 CONNECT: protocol "MQTT" level 4, clean session, keep-alive 60 s, empty client id. */
    static final byte[] MQTT_CONNECT = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00};
    /** CONNACK, session present 0, return code 0 (accepted). */
    static final byte[] MQTT_CONNACK = {0x20, 0x02, 0x00, 0x00};
    static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void boardFailsAloneAgainstNginxIntermediateAndGetsThroughTheBridge() throws Exception {
        try (RealServer nginx = RealServers.nginx(sub("nginx"), RealServers.Nginx.INTERMEDIATE)) {
            AxtlsException alone = assertThrows(AxtlsException.class, () -> BridgeHarness.board(nginx.port()));
            assertTrue(alone.getMessage().contains("-40"), alone.getMessage());

            try (BridgeHarness bridge = BridgeHarness.start(dir, nginx.port(), UpstreamTrust.fromCaFile(nginx.caCert()), null)) {
                UsslSocket board = BridgeHarness.board(bridge.port());
                assertTrue(board.cipherSuite().contains("AES"), board.cipherSuite());
                board.write(GET.getBytes(StandardCharsets.US_ASCII));
                String reply = new String(BridgeHarness.readAll(board), StandardCharsets.US_ASCII);
                board.close();
                assertTrue(reply.startsWith("HTTP/1.1 200 OK"), reply);
                assertTrue(reply.endsWith("hello from nginx\n"), reply);

                SessionRecord r = bridge.nextRecord();
                assertEquals(Outcome.OK, r.outcome(), r.logLine());
                assertEquals("TLSv1.2", r.boardProtocol(), r.logLine());
                assertTrue(dev.ussllab.host.CipherPolicy.isRsaKeyExchange(r.boardSuite()), r.logLine());
                assertEquals("TLSv1.3", r.upstreamProtocol(), r.logLine());
                assertEquals(GET.length(), r.bytesUp(), r.logLine());
                assertEquals(reply.length(), r.bytesDown(), r.logLine());
                assertTrue(r.logLine().contains(" -> localhost:" + nginx.port() + " board TLSv1.2 TLS_RSA_WITH_"), r.logLine());
            }
        }
    }

    @Test
    void mqttConnectThroughTheBridgeToMosquitto() throws Exception {
        try (RealServer mosquitto = RealServers.mosquitto(sub("mosquitto"), false)) {
            // Found here: Debian's mosquitto 2 with no `ciphers` line takes OpenSSL 3's DEFAULT list,
            // which still holds AES128-SHA, so the board connects alone; the bridge must not break that.
            BridgeHarness.board(mosquitto.port()).close();
            try (BridgeHarness bridge = BridgeHarness.start(dir, mosquitto.port(), UpstreamTrust.fromCaFile(mosquitto.caCert()), null)) {
                assertConnack(bridge);
                SessionRecord r = bridge.nextRecord();
                assertEquals(Outcome.OK, r.outcome(), r.logLine());
                assertEquals(MQTT_CONNECT.length, r.bytesUp(), r.logLine());
                assertEquals(MQTT_CONNACK.length, r.bytesDown(), r.logLine());
            }
        }
    }

    @Test
    void mosquittoRequiringACertificateGetsTheBridgesClientCertificate() throws Exception {
        try (RealServer mosquitto = RealServers.mosquitto(sub("mosquitto"), true)) {
            // Alone, the board (no key, no cert) cannot log in to a broker that requires a certificate.
            assertThrows(AxtlsException.class, () -> {
                UsslSocket alone = BridgeHarness.board(mosquitto.port());
                alone.write(MQTT_CONNECT);
                alone.read(MQTT_CONNACK.length);
            });
            UpstreamTrust trust = UpstreamTrust.fromCaFile(mosquitto.caCert());
            try (BridgeHarness without = BridgeHarness.start(dir, mosquitto.port(), trust, null)) {
                UsslSocket board = BridgeHarness.board(without.port());
                board.write(MQTT_CONNECT);
                assertEquals(0, BridgeHarness.readAll(board).length, "no CONNACK without a client certificate");
                SessionRecord r = without.nextRecord();
                assertEquals(Outcome.UPSTREAM_FAILED, r.outcome(), r.logLine());
            }
            KeyMaterial client = KeyMaterial.load(mosquitto.clientKey(), mosquitto.clientCert());
            try (BridgeHarness bridge = BridgeHarness.start(dir, mosquitto.port(), trust, client)) {
                assertConnack(bridge);
                SessionRecord r = bridge.nextRecord();
                assertEquals(Outcome.OK, r.outcome(), r.logLine());
            }
        }
    }

    @Test
    void anUntrustedUpstreamClosesTheBoardsConnectionWithALogLine() throws Exception {
        try (RealServer nginx = RealServers.nginx(sub("nginx"), RealServers.Nginx.INTERMEDIATE)) {
            BridgeHarness.boardKeys(dir);
            // The board side's own self-signed certificate is a CA that did not sign nginx's.
            UpstreamTrust wrong = UpstreamTrust.fromCaFile(dir.resolve("cert.pem"));
            try (BridgeHarness bridge = BridgeHarness.start(dir, nginx.port(), wrong, null)) {
                UsslSocket board = BridgeHarness.board(bridge.port());
                board.write(GET.getBytes(StandardCharsets.US_ASCII));
                assertEquals(0, BridgeHarness.readAll(board).length, "nothing may reach the board from an untrusted server");
                SessionRecord r = bridge.nextRecord();
                assertEquals(Outcome.UPSTREAM_UNTRUSTED, r.outcome(), r.logLine());
                assertTrue(r.detail().contains("not trusted by " + dir.resolve("cert.pem")), r.logLine());
                assertEquals(0, r.bytesDown(), r.logLine());
            }
        }
    }

    private Path sub(String name) throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dir.resolve(name));
    }

    private static void assertConnack(BridgeHarness bridge) throws Exception {
        UsslSocket board = BridgeHarness.board(bridge.port());
        board.write(MQTT_CONNECT);
        assertArrayEquals(MQTT_CONNACK, board.read(MQTT_CONNACK.length));
        board.close();
    }
}
