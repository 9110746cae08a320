package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab device` against real servers that expect a real request (issue 11 §4). */
class DeviceRealServersTest {

    @TempDir
    Path dir;

    /** mosquitto closes on bytes that are no MQTT packet: the handshake worked, nothing came back. */
    @Test
    void aServerThatAnswersNothingIsNamedWithTheHandshakeThatWorked() throws Exception {
        try (RealServer s = RealServers.mosquitto(dir, false)) {
            Cli r = Cli.run("device", "--port", "" + s.port(), "--timeout", "5");
            assertEquals(1, r.exitCode, r.toString());
            assertEquals("Sent:     Hello Python TLS/SSL Server!\nReceived: \n", r.out);
            assertTrue(r.err.startsWith("ussl-lab device: handshake OK (TLSv1.2, TLS_RSA_WITH_"), r.err);
            assertTrue(r.err.contains("the server sent nothing back: it may expect a full request"
                    + " (an HTTP request, an MQTT CONNECT): try --readline or --message-file"), r.err);
        }
    }

    @Test
    void messageFileCarriesAWholeHttpRequestToNginx() throws Exception {
        Path request = dir.resolve("get.http");
        Files.writeString(request, "GET /json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        try (RealServer s = RealServers.nginx(dir, RealServers.Nginx.OLD)) {
            Cli r = Cli.run("device", "--port", "" + s.port(), "--message-file", request.toString());
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.startsWith("Sent:     " + Files.size(request) + " bytes from " + request
                    + "\nReceived: HTTP/1.1 200 OK"), r.out);
            assertTrue(r.out.contains("{\"ok\": true, \"server\": \"nginx\"}"), r.out);
        }
    }

    @Test
    void aClientCertificateLetsTheBoardIntoMosquittoRequireCertificate() throws Exception {
        try (RealServer s = RealServers.mosquitto(dir, true)) {
            Cli bare = Cli.run("device", "--port", "" + s.port());
            assertEquals("OSError: (-267, 'INVALID_CERT_HASH_ALG')\n", bare.out, bare.toString());
            Cli r = Cli.run("device", "--port", "" + s.port(), "--timeout", "5",
                    "--client-key", s.clientKey().toString(), "--client-cert", s.clientCert().toString());
            // In: mosquitto then drops the non-MQTT bytes, as in the test above.
            assertTrue(r.err.contains("handshake OK (TLSv1.2"), r.toString());
        }
    }
}
