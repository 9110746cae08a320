package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen through the command line; its files checked by openssl and Python's ssl module. */
class KeygenCommandTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreAcceptedByOpensslAndPython() throws Exception {
        Cli r = Cli.run("keygen", "--out-dir", dir.toString(), "--ap-address", "192.168.4.1");
        assertEquals(0, r.exitCode, r.toString());
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8 as openssl 3 writes it");
        assertTrue(r.out.contains("RSA 2048"), r.out);

        String openssl = Peers.require("openssl");
        String text = run(openssl, "x509", "-in", cert.toString(), "-text", "-noout");
        assertTrue(text.contains("Public-Key: (2048 bit)"), text);
        assertTrue(text.contains("Signature Algorithm: sha256WithRSAEncryption"), text);
        assertTrue(text.contains("Digital Signature, Key Encipherment"), text);
        assertTrue(text.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:192.168.4.1"), text);
        assertTrue(text.contains("CA:TRUE"), text);
        String enddate = run(openssl, "x509", "-in", cert.toString(), "-noout", "-checkend", String.valueOf(1824L * 86400));
        assertTrue(enddate.contains("will not expire"), enddate);
        assertTrue(run(openssl, "rsa", "-in", key.toString(), "-check", "-noout").contains("RSA key ok"));

        String python = Peers.require("python3");
        String py = "import ssl,sys; c=ssl.create_default_context(ssl.Purpose.CLIENT_AUTH); c.load_cert_chain(sys.argv[1], sys.argv[2]); print('loaded')";
        assertEquals("loaded\n", run(python, "-c", py, cert.toString(), key.toString()));
    }

    @Test
    void optionsReachTheCertificate() throws Exception {
        Cli r = Cli.run("keygen", "--out-dir", dir.toString(), "--key", "k.pem", "--cert", "c.pem", "--bits", "1024",
                "--days", "30", "--subject", "/CN=board-host/O=lab", "--san", "DNS:lab.local,IP:10.0.0.1");
        assertEquals(0, r.exitCode, r.toString());
        String text = run(Peers.require("openssl"), "x509", "-in", dir.resolve("c.pem").toString(), "-text", "-noout");
        assertTrue(text.contains("Public-Key: (1024 bit)"), text);
        assertTrue(text.contains("Subject: CN = board-host, O = lab"), text);
        assertTrue(text.contains("DNS:lab.local, IP Address:10.0.0.1"), text);
        assertTrue(Files.exists(dir.resolve("k.pem")));
    }

    @Test
    void refusesToOverwriteUnlessForced() throws Exception {
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString(), "--bits", "1024").exitCode);
        String key = Files.readString(dir.resolve("key.pem"));
        String cert = Files.readString(dir.resolve("cert.pem"));
        Files.delete(dir.resolve("cert.pem"));
        Files.writeString(dir.resolve("cert.pem"), cert);
        Cli again = Cli.run("keygen", "--out-dir", dir.toString(), "--bits", "1024");
        assertEquals(2, again.exitCode, again.toString());
        assertEquals("ussl-lab keygen: " + dir.resolve("key.pem") + " already exists, not overwriting it"
                + " (use --force to replace it, or choose another --out-dir)\n", again.err);
        assertEquals(key, Files.readString(dir.resolve("key.pem")), "nothing changed");
        assertEquals(cert, Files.readString(dir.resolve("cert.pem")));
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString(), "--bits", "1024", "--force").exitCode);
        assertTrue(!key.equals(Files.readString(dir.resolve("key.pem"))));
    }

    @Test
    void badArgumentsAreOneLineExitTwo() throws Exception {
        expect("RSA key size 512 is not usable", "--bits", "512");
        expect("validity of 0 days", "--days", "0");
        expect("subject 'nonsense' is not a distinguished name", "--subject", "nonsense");
        expect("subject alternative name 'URI:x'", "--san", "URI:x");
        expect("'not-an-ip' is not an IPv4 address of four dotted decimal parts", "--ap-address", "not-an-ip");
        // Issue 12: inet_aton's short form 192.168.11 would quietly name 192.168.0.11.
        for (String bad : List.of("192.168.11", "192.168.011.1", "256.1.1.1", "1.2.3.4.5", "192.168.11.", "0x7f.0.0.1", "fe80::zz")) {
            expect("'" + bad + "' is not an I", "--ap-address", bad);
        }
        expect("Invalid value for option '--bits'", "--bits", "many");
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Cli r = Cli.run("keygen", "--out-dir", file.toString(), "--bits", "1024");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab keygen: cannot write " + file.resolve("key.pem")), r.err);
        assertEquals(List.of("plain-file"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void anIpv6AccessPointAddressIsAccepted() {
        Cli r = Cli.run("keygen", "--out-dir", dir.toString(), "--bits", "1024", "--ap-address", "fe80::1");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("IP:fe80:0:0:0:0:0:0:1"), r.out);
    }

    private void expect(String fragment, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "keygen";
        full[1] = "--out-dir";
        full[2] = dir.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        Cli r = Cli.run(full);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(fragment), r.err);
        assertTrue(r.err.startsWith("ussl-lab keygen: "), r.err);
        assertTrue(!Files.exists(dir.resolve("key.pem")), "nothing written on bad input");
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File(".")).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
