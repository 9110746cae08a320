package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board when a real server asks for a client certificate (issue 11 §3), against openssl
 * s_server and Python's ssl module. Expected outcomes follow axTLS's source (AxtlsClientAuth).
 */
class BoardClientCertificateTest {

    @TempDir
    static Path dir;
    static TestPki.KeyPair server;
    static Path caKey;
    static Path caCert;
    /** The board's key (PKCS#1 PEM) and certificate signed by the CA with sha256. */
    static Path boardKey;
    static Path boardCert;

    @BeforeAll
    static void pki() throws Exception {
        server = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
        TestPki.KeyPair ca = TestPki.selfSigned(dir, "ca", 2048, "/CN=Board CA");
        caKey = ca.key();
        caCert = ca.cert();
        String openssl = Peers.require("openssl");
        Path pkcs8 = dir.resolve("board8.key");
        Path csr = dir.resolve("board.csr");
        boardKey = dir.resolve("board.key");
        boardCert = dir.resolve("board.pem");
        TestPki.run(List.of(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", pkcs8.toString(),
                "-subj", "/CN=board-1", "-out", csr.toString()));
        TestPki.run(List.of(openssl, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey",
                caKey.toString(), "-CAcreateserial", "-sha256", "-days", "2", "-out", boardCert.toString()));
        TestPki.run(List.of(openssl, "rsa", "-in", pkcs8.toString(), "-traditional", "-out", boardKey.toString()));
    }

    static PeerProcess sServer(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("openssl"), "s_server", "-accept", "127.0.0.1:0",
                "-cert", server.cert().toString(), "-key", server.key().toString(), "-rev"));
        cmd.addAll(List.of(args));
        return PeerProcess.start(dir, cmd);
    }

    static int port(PeerProcess p) throws Exception {
        return Integer.parseInt(p.await(EmulatedEsp8266OpenSslTest.ACCEPT, 10_000).group(1));
    }

    static ServerTarget target(int port) {
        return new ServerTarget("127.0.0.1", port, null, Duration.ofSeconds(5));
    }

    /** -verify 1 (optional) and -Verify 1 (required) both list no rsa_pkcs1_sha1 at OpenSSL 3's level. */
    @Test
    void withoutKeyTheBoardGivesUpOnTheBuiltInSha1CertificateAgainstOpensslVerifyAndVerifyRequired() throws Exception {
        for (String flag : List.of("-verify", "-Verify")) {
            try (PeerProcess p = sServer("-CAfile", caCert.toString(), flag, "1")) {
                int port = port(p);
                EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
                try (Socket s = EmulatedEsp8266OpenSslTest.connect(port)) {
                    AxtlsException e = assertThrows(AxtlsException.class, () -> board.wrap(s, null));
                    assertEquals("OSError: (-267, 'INVALID_CERT_HASH_ALG')", e.boardLine(), flag);
                    assertTrue(e.trace().certificateRequested(), flag);
                    assertNull(e.trace().clientCertificateSent(), "nothing sent: " + flag);
                    assertTrue(e.plainWords().contains("built-in axTLS certificate"), e.plainWords());
                }
                // axTLS send_alert(-267) = unsupported_certificate; s_server logs the alert it got.
                p.await(Pattern.compile(".*alert unsupported certificate.*SSL alert number 43.*"), 10_000);
            }
        }
    }

    @Test
    void withKeyAndCertTheBoardLogsInAndTheServerSeesItsSubject() throws Exception {
        BoardCredentials creds = BoardCredentials.load(boardKey, boardCert);
        assertEquals("CN=board-1", creds.subject());
        assertEquals(2048, creds.keyBits());
        try (PeerProcess p = sServer("-CAfile", caCert.toString(), "-Verify", "1")) {
            ExchangeResult r = SeedExchange.onBoard(new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE),
                    target(port(p)), Payload.line("hello"), SeedExchange.ReadMode.READLINE, creds);
            assertNull(r.error(), () -> String.valueOf(r.error()));
            assertEquals("olleh", r.received());
            p.await(Pattern.compile(".*CN ?= ?board-1.*"), 10_000);
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithTheServersAlert() throws Exception {
        TestPki.KeyPair other = TestPki.selfSigned(dir, "stranger", 2048, "/CN=stranger");
        Path rsaKey = dir.resolve("stranger-rsa.key");
        TestPki.run(List.of(Peers.require("openssl"), "rsa", "-in", other.key().toString(), "-traditional", "-out",
                rsaKey.toString()));
        BoardCredentials creds = BoardCredentials.load(rsaKey, other.cert());
        // s_server only logs a failed client verification unless told to fail on it.
        try (PeerProcess p = sServer("-CAfile", caCert.toString(), "-Verify", "1", "-verify_return_error")) {
            ExchangeResult r = SeedExchange.onBoard(new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE),
                    target(port(p)), Payload.line("hello"), SeedExchange.ReadMode.READLINE, creds);
            assertFalse(r.ok());
            // OpenSSL answers an untrusted client chain with unknown_ca (48) or closes/resets first.
            String line = r.error().exceptionLine();
            assertTrue(line.equals("OSError: -48") || line.equals("OSError: (-256, 'CONN_LOST')"), line);
            assertTrue(r.error().plainWords().contains("asked for a client certificate and")
                    && r.error().plainWords().contains("CN=stranger"), r.error().plainWords());
        }
    }

    /**
     * A Python server at security level 0 lists rsa_pkcs1_sha1, so the board sends axTLS's built-in
     * certificate; the server refuses it and drops the connection: CONN_LOST, as issue 11 reports
     * for a Python server asking for a certificate.
     */
    @Test
    void pythonServerThatAcceptsSha1SignaturesRefusesTheBuiltInCertificateWithConnLost() throws Exception {
        Path script = dir.resolve("cert_required.py");
        Files.writeString(script, String.join("\n",
                "import socket, ssl, sys",
                "ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)",
                "ctx.load_cert_chain(sys.argv[1], sys.argv[2])",
                "ctx.load_verify_locations(sys.argv[3])",
                "ctx.verify_mode = ssl.CERT_REQUIRED",
                "ctx.set_ciphers('DEFAULT:kRSA:@SECLEVEL=0')",
                "s = socket.socket()",
                "s.bind(('127.0.0.1', 0))",
                "s.listen()",
                "print('PORT', s.getsockname()[1], flush=True)",
                "c, _ = s.accept()",
                "try:",
                "    ctx.wrap_socket(c, server_side=True)",
                "except ssl.SSLError as e:",
                "    print('REFUSED', e, flush=True)",
                "c.close()",
                ""), StandardCharsets.UTF_8);
        try (PeerProcess p = PeerProcess.start(dir, List.of(Peers.require("python3"), "-u", script.toString(),
                server.cert().toString(), server.key().toString(), caCert.toString()))) {
            int port = Integer.parseInt(p.await(Pattern.compile("^PORT (\\d+)$"), 10_000).group(1));
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
            try (Socket s = EmulatedEsp8266OpenSslTest.connect(port)) {
                AxtlsException e = assertThrows(AxtlsException.class, () -> board.wrap(s, null));
                assertTrue(e.trace().clientCertificateSent() != null, "the built-in certificate went out");
                assertTrue(e.boardLine().equals("OSError: (-256, 'CONN_LOST')") || e.boardLine().equals("OSError: -48"),
                        e.boardLine());
            }
            p.await(Pattern.compile("^REFUSED .*CERTIFICATE_VERIFY_FAILED.*"), 10_000);
        }
    }
}
