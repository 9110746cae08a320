package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.SeedClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ussl-lab host through the command line: a real client session, and every bad input. */
class HostCommandTest {

    @TempDir
    Path dir;
    String key;
    String cert;

    @BeforeEach
    void keys() {
        // 2048 bits: OpenSSL 3 clients refuse 1024-bit server keys ("EE certificate key too weak").
        Cli r = Cli.run("keygen", "--out-dir", dir.toString());
        assertEquals(0, r.exitCode, r.toString());
        key = dir.resolve("key.pem").toString();
        cert = dir.resolve("cert.pem").toString();
    }

    @Test
    void servesTheSeedClientAndLogsOneLine() throws Exception {
        int port = freePort();
        CompletableFuture<Cli> host = CompletableFuture.supplyAsync(() -> Cli.run("host", "--port", String.valueOf(port),
                "--policy", "krsa", "--key", key, "--cert", cert, "--count", "1", "--timeout", "5"));
        String out = runUntilListening(port);
        assertEquals("Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n", out);
        Cli r = host.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exitCode, r.toString());
        String[] lines = r.out.split("\n");
        assertTrue(lines[0].startsWith("listening on 127.0.0.1:" + port + " policy krsa (TLSv1.2)"), r.out);
        assertTrue(lines[0].matches(".*; RSA by (Amazon Corretto Crypto Provider 2\\.\\S+|JDK \\S+); .*"), lines[0]);
        assertTrue(lines[1].startsWith("warning: policy krsa accepts RSA key exchange"), r.out);
        assertTrue(lines[2].matches("127\\.0\\.0\\.1:\\d+ TLSv1\\.2 TLS_RSA_WITH_\\S+ offered=\\[[0-9a-f ]+\\] sni=- ja3=[0-9a-f]{32} in=\\d+ out=\\d+ ok \\(\\d+ ms\\)"), lines[2]);
        assertEquals("stopped", lines[3]);
        assertEquals("", r.err);
    }

    @Test
    void interfaceLoBindsItsIpv4Address() throws Exception {
        String openssl = Peers.require("openssl");
        int port = freePort();
        CompletableFuture<Cli> host = CompletableFuture.supplyAsync(() -> Cli.run("host", "--interface", "lo",
                "--port", String.valueOf(port), "--policy", "modern", "--key", key, "--cert", cert, "--count", "1"));
        sendUntilAnswered(host, "via lo", openssl, "s_client", "-connect", "127.0.0.1:" + port, "-ign_eof");
        Cli r = host.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("listening on 127.0.0.1:" + port + " policy modern (TLSv1.3, TLSv1.2)"), r.out);
        assertTrue(!r.out.contains("warning"), "modern accepts no RSA key exchange: no warning\n" + r.out);
        assertTrue(r.out.contains(" TLSv1.3 TLS_"), r.out);
    }

    /** --keylog writes what openssl's own -keylogfile writes for the same TLS 1.3 session. */
    @Test
    void keylogMatchesOpensslLineForLine() throws Exception {
        String openssl = Peers.require("openssl");
        int port = freePort();
        Path ours = dir.resolve("host.keys");
        Path theirs = dir.resolve("openssl.keys");
        CompletableFuture<Cli> host = CompletableFuture.supplyAsync(() -> Cli.run("host", "--port", String.valueOf(port),
                "--key", key, "--cert", cert, "--count", "1", "--keylog", ours.toString()));
        sendUntilAnswered(host, "keys", openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3", "-ign_eof",
                "-keylogfile", theirs.toString());
        Cli r = host.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("; key log " + ours), r.out);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(ours)));
        java.util.List<String> expected = Files.readAllLines(theirs).stream().filter(l -> !l.startsWith("#")).sorted().toList();
        assertEquals(5, expected.size(), expected.toString());
        assertEquals(expected, Files.readAllLines(ours).stream().sorted().toList());
    }

    /** The seed client is retried until the host (started on another thread) listens. */
    private String runUntilListening(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            SeedClient.Run p = SeedClient.run(dir, "127.0.0.1", port, Path.of(cert));
            if (p.exitCode() == 0 || attempt == 40 || !p.err().contains("ConnectionRefused")) {
                assertEquals(0, p.exitCode(), p.err());
                return p.out();
            }
            Thread.sleep(100);
        }
    }

    @Test
    void badInputIsOneLineAndNonZero() throws Exception {
        Path other = dir.resolve("other");
        assertEquals(0, Cli.run("keygen", "--out-dir", other.toString(), "--bits", "1024").exitCode);
        String missing = dir.resolve("missing.pem").toString();
        expect(2, "key file " + missing + " does not exist", "--key", missing, "--cert", cert);
        expect(2, "certificate file " + missing + " does not exist", "--key", key, "--cert", missing);
        expect(2, "does not match the certificate", "--key", other.resolve("key.pem").toString(), "--cert", cert);
        expect(2, cert + " holds no private key", "--key", cert, "--cert", cert);
        // Unreadable: as root a mode-000 file is still readable, so a folder stands in for it.
        expect(2, "certificate file " + dir + " cannot be read", "--key", key, "--cert", dir.toString());
        Path encrypted = dir.resolve("encrypted.pem");
        Process p = new ProcessBuilder(Peers.require("openssl"), "pkey", "-in", key, "-aes256", "-passout", "pass:x",
                "-out", encrypted.toString()).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0);
        expect(2, encrypted + " holds an encrypted private key", "--key", encrypted.toString(), "--cert", cert);
        expect(2, "unknown policy 'weak'", "--policy", "weak", "--key", key, "--cert", cert);
        expect(2, "address 192.0.2.1 is not on this machine, cannot bind to it (list this machine's addresses with: ip -br addr)",
                "--bind", "192.0.2.1", "--key", key, "--cert", cert);
        expect(2, "'board.local' is not an IP address", "--bind", "board.local", "--key", key, "--cert", cert);
        expect(2, "network interface 'nosuch0' does not exist", "--interface", "nosuch0", "--key", key, "--cert", cert);
        expect(2, "mutually exclusive", "--interface", "lo", "--bind", "127.0.0.1", "--key", key, "--cert", cert);
        expect(2, "--threads 0 is out of range", "--threads", "0", "--key", key, "--cert", cert);
        expect(2, "port 70000 is out of range", "--port", "70000", "--key", key, "--cert", cert);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            expect(1, "port " + port + " on 127.0.0.1 is already in use"
                    + " (choose another with --port, or stop the program using it: ss -ltnp shows which)\n",
                    "--port", String.valueOf(port), "--key", key, "--cert", cert);
        }
    }

    private static void expect(int exit, String fragment, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "host";
        System.arraycopy(args, 0, full, 1, args.length);
        Cli r = Cli.run(full);
        assertEquals(exit, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab host: "), r.err);
        assertTrue(r.err.contains(fragment), r.err);
        assertTrue(r.err.lines().count() <= 2, "one line (picocli adds a --help line for usage errors): " + r.err);
        assertTrue(!r.out.contains("listening"), r.out);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Runs the openssl command line, sending {@code message}, until the host (started in the
     * background, so its port may not be open yet) answers it upper-cased or has finished.
     */
    private static void sendUntilAnswered(CompletableFuture<Cli> host, String message, String... command)
            throws Exception {
        for (int attempt = 0; attempt < 50 && !host.isDone(); attempt++) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                p.getOutputStream().write((message + "\n").getBytes());
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                if (out.contains(message.toUpperCase(java.util.Locale.ROOT))) {
                    return;
                }
            } finally {
                p.destroyForcibly();
            }
            Thread.sleep(100);
        }
    }
}
