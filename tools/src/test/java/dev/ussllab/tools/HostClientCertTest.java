package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS with no openssl command to make the keys: keygen --ca makes a CA, keygen --ca-key
 * signs a client certificate, host --require-client-cert CAFILE lets openssl s_client and Python
 * in with it, logs its subject, and refuses a client with none or another with the same alert that
 * a real openssl s_server -Verify 1 -verify_return_error sends (checked side by side here).
 */
class HostClientCertTest {

    private static final Pattern ALERT = Pattern.compile("SSL alert number (\\d+)");

    @TempDir
    Path dir;

    @Test
    void requireClientCertAcceptsTheCasClientsAndRefusesOthersAsOpensslDoes() throws Exception {
        String openssl = Peers.require("openssl");
        String python = Peers.require("python3");
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        Cli ca = Cli.run("keygen", "--ca", "--out-dir", dir.toString());
        assertEquals(0, ca.exitCode, ca.toString());
        Cli client = Cli.run("keygen", "--ca-key", dir.resolve("ca-key.pem").toString(), "--ca-cert",
                dir.resolve("ca.pem").toString(), "--out-dir", dir.toString());
        assertEquals(0, client.exitCode, client.toString());
        assertTrue(Files.readString(dir.resolve("client-key.pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----"), "PKCS#1, as a board takes it");
        assertTrue(Files.size(dir.resolve("client-cert.der")) > 500 && Files.size(dir.resolve("client-key.der")) > 1000);
        String clientCert = dir.resolve("client-cert.pem").toString();
        String clientKey = dir.resolve("client-key.pem").toString();
        Process verify = new ProcessBuilder(openssl, "verify", "-purpose", "sslclient", "-CAfile", dir.resolve("ca.pem").toString(),
                clientCert).redirectErrorStream(true).start();
        assertTrue(verify.waitFor(20, TimeUnit.SECONDS) && verify.exitValue() == 0, "openssl verifies keygen's chain");

        try (RealServer real = RealServers.opensslServer(Files.createDirectories(dir.resolve("s_server")),
                "-Verify", "1", "-verify_return_error")) {
            int port = HostCommandTest.freePort();
            CompletableFuture<Cli> host = CompletableFuture.supplyAsync(() -> Cli.run("host", "--port", String.valueOf(port),
                    "--key", dir.resolve("key.pem").toString(), "--cert", dir.resolve("cert.pem").toString(),
                    "--require-client-cert", dir.resolve("ca.pem").toString(), "--count", "6", "--timeout", "5"));
            waitListening(port); // one connection of the six

            // No certificate: what the real server sends, and what ours sends, for TLS 1.2 and 1.3.
            for (String version : List.of("-tls1_2", "-tls1_3")) {
                String theirs = alert(sClient(openssl, real.port(), version));
                assertEquals(version.equals("-tls1_2") ? "40" : "116", theirs);
                assertEquals(theirs, alert(sClient(openssl, port, version)), "no certificate " + version);
            }
            // A certificate from another CA: each side gets the other's client certificate.
            String theirs = alert(sClient(openssl, real.port(), "-tls1_2", "-cert", clientCert, "-key", clientKey));
            assertEquals("48", theirs, "unknown_ca");
            assertEquals(theirs, alert(sClient(openssl, port, "-tls1_2", "-cert", real.clientCert().toString(),
                    "-key", real.clientKey().toString())));

            String ok = sClient(openssl, port, "-cert", clientCert, "-key", clientKey);
            assertTrue(ok.contains("HELLO FROM S_CLIENT"), ok);
            String py = run(List.of(python, "-c", """
                    import socket, ssl, sys
                    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                    c.load_verify_locations(sys.argv[2])
                    c.load_cert_chain(sys.argv[3], sys.argv[4])
                    with c.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost") as s:
                        s.sendall(b"hello from python\\n")
                        print(s.recv(100).decode(), s.version())
                    """, String.valueOf(port), dir.resolve("cert.pem").toString(), clientCert, clientKey), "");
            assertTrue(py.contains("HELLO FROM PYTHON TLSv1.3"), py);

            Cli r = host.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.contains("; client certificates from " + dir.resolve("ca.pem") + " required"), r.out);
            assertTrue(r.out.contains("alert: sent alert handshake_failure: no client certificate"), r.out);
            assertTrue(r.out.contains("alert: sent alert certificate_required: no client certificate"), r.out);
            assertTrue(r.out.contains("alert: sent alert unknown_ca: client certificate"), r.out);
            assertEquals(2, r.out.lines().filter(l -> l.contains(" client=\"CN=board\" ") && l.contains(" ok (")).count(), r.out);
        }
        assertEquals(2, Cli.run("host", "--require-client-cert", dir.resolve("nope.pem").toString(),
                "--key", dir.resolve("key.pem").toString(), "--cert", dir.resolve("cert.pem").toString()).exitCode);
        Cli half = Cli.run("keygen", "--ca-key", dir.resolve("ca-key.pem").toString(), "--out-dir", dir.resolve("x").toString());
        assertEquals(2, half.exitCode, half.toString());
        assertTrue(half.err.contains("--ca-key needs --ca-cert"), half.err);
    }

    private void waitListening(int port) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("host did not listen on " + port);
    }

    private static String alert(String sClientOutput) {
        Matcher m = ALERT.matcher(sClientOutput);
        assertTrue(m.find(), sClientOutput);
        return m.group(1);
    }

    private static String sClient(String openssl, int port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-ign_eof", "-quiet"));
        cmd.addAll(List.of(args));
        return run(cmd, "hello from s_client\n");
    }

    private static String run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "client hung: " + cmd);
        return out;
    }
}
