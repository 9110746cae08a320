package dev.ussllab.testsupport.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real-server fixture itself: each server starts and completes a verified handshake with openssl s_client. */
class RealServersTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RealServers.Nginx.class)
    void nginxAnswersAVerifiedHandshake(RealServers.Nginx config) throws Exception {
        try (RealServer nginx = RealServers.nginx(dir, config)) {
            String out = sClient(nginx, "GET /json HTTP/1.0\r\n\r\n");
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            assertTrue(out.contains("{\"ok\": true, \"server\": \"nginx\"}"), out);
        }
    }

    @Test
    void longChainIsBeyondTheBoardsRecordBuffer() throws Exception {
        Path chain = TestCa.get().server(TestCa.Leaf.RSA_LONG_CHAIN).chain();
        int total = 3; // the Certificate message's list length
        var certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(chain)));
        for (var c : certs) {
            total += 3 + c.getEncoded().length;
        }
        assertEquals(4, certs.size());
        assertTrue(total + 4 > 5115, "Certificate message is only " + (total + 4) + " bytes");
    }

    @Test
    void mosquittoWithAndWithoutClientCertificates() throws Exception {
        try (RealServer open = RealServers.mosquitto(Files.createDirectories(dir.resolve("a")), false)) {
            assertTrue(sClient(open, "").contains("Verify return code: 0 (ok)"));
        }
        Path b = Files.createDirectories(dir.resolve("b"));
        try (RealServer strict = RealServers.mosquitto(b, true)) {
            String out = sClient(strict, "", "-cert", strict.clientCert().toString(), "-key", strict.clientKey().toString());
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            assertTrue(Files.readString(strict.clientKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        }
    }

    @Test
    void stunnelOpensslAndPythonStart() throws Exception {
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                RealServer s = RealServers.stunnel(Files.createDirectories(dir.resolve("s")), plain.getLocalPort())) {
            Thread echo = new Thread(() -> {
                try (java.net.Socket c = plain.accept()) {
                    c.getOutputStream().write(c.getInputStream().readNBytes(6));
                } catch (java.io.IOException ignored) {
                    // the assertion below reports it
                }
            });
            echo.start();
            String out = sClient(s, "hello\n");
            assertTrue(out.contains("Verify return code: 0 (ok)") && out.contains("\nhello"), out);
        }
        try (RealServer s = RealServers.opensslServer(Files.createDirectories(dir.resolve("o")), "-cipher", "kRSA")) {
            String out = sClient(s, "");
            assertTrue(out.contains("Verify return code: 0 (ok)"), out); // TLS 1.3: -cipher only limits TLS 1.2
        }
        try (RealServer s = RealServers.pythonDefault(Files.createDirectories(dir.resolve("p")))) {
            String out = sClient(s, "hello\n");
            assertTrue(out.contains("HELLO"), out);
        }
    }

    private static String sClient(RealServer server, String send, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("openssl"), "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile", server.caCert().toString(),
                "-verify_return_error"));
        if (!send.isEmpty()) {
            cmd.add("-ign_eof"); // wait for the server's answer and close
        }
        cmd.addAll(List.of(extra));
        Path out = Files.createTempFile("s_client", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        try {
            return Files.readString(out) + "\nserver log:\n" + server.log();
        } finally {
            Files.delete(out);
        }
    }
}
