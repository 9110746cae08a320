package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab client` end to end, in-process, against the seed's python server and bad input. */
class ClientCommandTest {

    static final String SEED_LINES = "Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n";

    @TempDir
    static Path dir;
    static TestPki.KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    @Test
    void seedClientProfilePrintsTheSeedLines() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            Cli r = Cli.run("client", "--profile", "python-krsa", "--cafile", keys.cert().toString(),
                    "--port", "" + server.port());
            assertEquals(0, r.exitCode, r.toString());
            assertEquals(SEED_LINES, r.out);
        }
    }

    @Test
    void everyDesktopProfileTalksToAKrsaEnabledServer() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            for (String profile : new String[] {"java-default", "java-tls12-krsa", "bc-default"}) {
                Cli r = Cli.run("client", "--profile", profile, "--cafile", keys.cert().toString(),
                        "--port", "" + server.port());
                assertEquals(0, r.exitCode, profile + ": " + r);
                assertEquals(SEED_LINES, r.out, profile);
            }
        }
    }

    @Test
    void krsaProfileAgainstTheSeedsDefaultServerFailsInPlainWords() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, null)) {
            Cli r = Cli.run("client", "--profile", "java-tls12-krsa", "--cafile", keys.cert().toString(),
                    "--port", "" + server.port());
            assertEquals(1, r.exitCode, r.toString());
            assertTrue(r.out.startsWith("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"),
                    r.out);
            assertTrue(r.err.contains("refused every suite java-tls12-krsa offers (alert handshake_failure): it accepts no RSA key exchange"), r.err);
        }
    }

    @Test
    void untrustedServerCertificateIsNamed() throws Exception {
        TestPki.KeyPair other = TestPki.selfSigned(dir, "other", 2048, "/CN=other");
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            Cli r = Cli.run("client", "--profile", "java-default", "--cafile", other.cert().toString(),
                    "--port", "" + server.port());
            assertEquals(1, r.exitCode, r.toString());
            assertTrue(r.err.contains("not trusted by " + other.cert()), r.err);
        }
    }

    @Test
    void listProfilesNamesEachWithItsSuites() {
        Cli r = Cli.run("client", "--list-profiles");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("esp8266-micropython: ESP8266 MicroPython ussl (axTLS)"), r.out);
        assertTrue(r.out.contains("    TLSv1.2; TLS_RSA_WITH_AES_128_CBC_SHA TLS_RSA_WITH_AES_128_CBC_SHA256 "
                + "TLS_RSA_WITH_AES_256_CBC_SHA TLS_RSA_WITH_AES_256_CBC_SHA256\n"), r.out);
        for (String name : new String[] {"python-krsa: ", "java-default: ", "java-tls12-krsa: ", "bc-default: "}) {
            assertTrue(r.out.contains("\n" + name), name);
        }
    }

    @Test
    void unknownProfileIsBadInputListingTheKnownOnes() {
        Cli r = Cli.run("client", "--profile", "esp32", "--cafile", keys.cert().toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("ussl-lab client: unknown profile 'esp32' (known profiles: esp8266-micropython, python-krsa, "
                + "java-default, java-tls12-krsa, bc-default)\n", r.err);
    }

    @Test
    void missingCafileIsBadInput() {
        Path missing = dir.resolve("nope.pem");
        Cli r = Cli.run("client", "--profile", "python-krsa", "--cafile", missing.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab client: CA file " + missing + " does not exist"), r.err);
        // The tests run in the module folder, which holds no cert.pem: the seed's default has nothing to trust.
        Cli none = Cli.run("client", "--profile", "python-krsa");
        assertEquals(2, none.exitCode, none.toString());
        assertEquals("ussl-lab client: profile python-krsa verifies the server against cert.pem, as the seed does,"
                + " but there is no cert.pem in " + Path.of("").toAbsolutePath()
                + " (run it in the folder that holds the server's cert.pem, or give --cafile FILE)\n", none.err);
    }

    /** Like `python3 sslclient.py`: run in the folder that holds cert.pem, the client trusts it unasked. */
    @Test
    void trustsCertPemInTheCurrentFolderLikeTheSeed() throws Exception {
        Path here = Files.createDirectories(dir.resolve("seed-folder"));
        TestPki.KeyPair local = TestPki.selfSigned(here, "cert", 2048, "/CN=localhost"); // cert.pem, cert.key
        try (SeedServer server = SeedServer.start(here, local, "DEFAULT:kRSA")) {
            // A separate JVM: the working folder of this one cannot change.
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UsslLab.class.getName(),
                    "client", "--profile", "python-krsa", "--port", "" + server.port())
                    .directory(here.toFile()).redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
                assertEquals(0, p.exitValue(), out);
                assertEquals(SEED_LINES, out);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void cafileWithoutCertificateIsBadInput() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Cli r = Cli.run("client", "--cafile", garbage.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("holds no PEM certificate"), r.err);
    }

    @Test
    void keylogWithAJdkProfileIsRefusedBeforeConnecting() {
        Cli r = Cli.run("client", "--profile", "java-default", "--cafile", keys.cert().toString(),
                "--keylog", dir.resolve("k.log").toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("the JDK's TLS does not expose session secrets"), r.err);
    }

    @Test
    void closedPortAndSilentServerAndPlainTextServer() throws Exception {
        String ca = keys.cert().toString();
        int closed = RawServer.closedPort();
        Cli refused = Cli.run("client", "--cafile", ca, "--port", "" + closed);
        assertEquals(1, refused.exitCode, refused.toString());
        assertTrue(refused.err.contains("nothing listens on 127.0.0.1:" + closed), refused.err);
        try (RawServer silent = new RawServer(RawServer.Behaviour.HANG)) {
            Cli r = Cli.run("client", "--cafile", ca, "--port", "" + silent.port(), "--timeout", "1");
            assertEquals(1, r.exitCode, r.toString());
            assertTrue(r.err.contains("did not answer within 1 s"), r.err);
        }
        try (RawServer http = new RawServer(RawServer.Behaviour.HTTP_400)) {
            Cli r = Cli.run("client", "--profile", "java-default", "--cafile", ca, "--port", "" + http.port());
            assertEquals(1, r.exitCode, r.toString());
            assertTrue(r.err.contains("does not speak TLS"), r.err);
        }
    }
}
