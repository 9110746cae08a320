package dev.ussllab.testsupport.peers;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One test certificate authority per test JVM, made by the real openssl the way people make their
 * own: a root CA, server certificates it signs (RSA 2048, ECDSA P-256, and a long RSA 4096 chain
 * through three intermediates), and one client certificate with an RSA 2048 key in PKCS#1 PEM, the
 * form a board takes. Files live in a temporary folder removed when the JVM exits.
 */
public final class TestCa {

    /** Server certificate kinds. */
    public enum Leaf {
        /** RSA 2048, CN=localhost, SAN DNS:localhost, IP:127.0.0.1, signed by the root. */
        RSA,
        /** ECDSA P-256, same names, signed by the root. */
        ECDSA,
        /**
         * RSA 4096 leaf under three RSA 4096 intermediates; the chain file holds the leaf and the
         * intermediates (as servers send them): about 5.6 KB, beyond the board's 5115-byte record.
         */
        RSA_LONG_CHAIN
    }

    /** leaf: the server certificate alone; chain: leaf plus intermediates; key: its private key. */
    public record ServerFiles(Path leaf, Path chain, Path key) {}

    private static TestCa instance;

    private final Path dir;
    private final String openssl;
    private final Map<Leaf, ServerFiles> servers = new EnumMap<>(Leaf.class);

    private TestCa(Path dir, String openssl) {
        this.dir = dir;
        this.openssl = openssl;
    }

    /** The JVM's test CA, made on first use (about a second; the long chain a few more when first asked). */
    public static synchronized TestCa get() throws IOException, InterruptedException {
        if (instance == null) {
            String openssl = Peers.require("openssl");
            Path dir = Files.createTempDirectory("ussl-lab-test-ca");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            TestCa ca = new TestCa(dir, openssl);
            ca.makeRoot();
            ca.makeClient();
            instance = ca;
        }
        return instance;
    }

    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    public Path caKey() {
        return dir.resolve("ca.key");
    }

    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    /** PKCS#1 ("BEGIN RSA PRIVATE KEY"), as MicroPython's ssl.wrap_socket takes it once converted to DER. */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    public synchronized ServerFiles server(Leaf kind) throws IOException, InterruptedException {
        ServerFiles files = servers.get(kind);
        if (files == null) {
            files = switch (kind) {
                case RSA -> leaf("server-rsa", List.of("-newkey", "rsa:2048"), "ca", "serverAuth", List.of());
                case ECDSA -> leaf("server-ecdsa", List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
                        "ca", "serverAuth", List.of());
                case RSA_LONG_CHAIN -> longChain();
            };
            servers.put(kind, files);
        }
        return files;
    }

    private void makeRoot() throws IOException, InterruptedException {
        run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-sha256",
                "-subj", "/O=ussl-lab tests/CN=ussl-lab test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", caKey().toString(), "-out", caCert().toString());
    }

    private void makeClient() throws IOException, InterruptedException {
        // genrsa -traditional writes PKCS#1; req -newkey would write PKCS#8, which the board refuses.
        run(openssl, "genrsa", "-traditional", "-out", clientKey().toString(), "2048");
        Path csr = dir.resolve("client.csr");
        run(openssl, "req", "-new", "-key", clientKey().toString(), "-subj", "/O=ussl-lab tests/CN=esp8266-board",
                "-out", csr.toString());
        sign(csr, "ca", clientCert(), "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
    }

    private ServerFiles leaf(String name, List<String> newKey, String issuer, String usage, List<Path> intermediates)
            throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        List<String> cmd = new ArrayList<>(List.of(openssl, "req", "-new", "-nodes"));
        cmd.addAll(newKey);
        cmd.addAll(List.of("-subj", "/O=ussl-lab tests/CN=localhost", "-keyout", key.toString(), "-out", csr.toString()));
        run(cmd.toArray(String[]::new));
        sign(csr, issuer, cert, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=" + usage + "\n");
        Path chain = cert;
        if (!intermediates.isEmpty()) {
            chain = dir.resolve(name + "-chain.pem");
            StringBuilder pem = new StringBuilder(Files.readString(cert));
            for (Path i : intermediates) {
                pem.append(Files.readString(i));
            }
            Files.writeString(chain, pem);
        }
        return new ServerFiles(cert, chain, key);
    }

    private ServerFiles longChain() throws IOException, InterruptedException {
        String issuer = "ca";
        List<Path> intermediates = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String name = "intermediate" + i;
            Path key = dir.resolve(name + ".key");
            Path csr = dir.resolve(name + ".csr");
            run(openssl, "req", "-new", "-nodes", "-newkey", "rsa:4096", "-keyout", key.toString(),
                    "-subj", "/O=ussl-lab tests/OU=a long chain of intermediate certificates/CN=ussl-lab intermediate CA " + i,
                    "-out", csr.toString());
            sign(csr, issuer, dir.resolve(name + ".pem"),
                    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
            intermediates.add(0, dir.resolve(name + ".pem"));
            issuer = name;
        }
        return leaf("server-long-chain", List.of("-newkey", "rsa:4096"), issuer, "serverAuth", intermediates);
    }

    private void sign(Path csr, String issuer, Path out, String extensions) throws IOException, InterruptedException {
        Path ext = dir.resolve(out.getFileName() + ".ext");
        Files.writeString(ext, extensions);
        run(openssl, "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(issuer + ".pem").toString(),
                "-CAkey", dir.resolve(issuer + ".key").toString(), "-CAcreateserial", "-days", "2", "-sha256",
                "-extfile", ext.toString(), "-out", out.toString());
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        TestPki.run(List.of(cmd));
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: nothing to lose
        }
    }
}
