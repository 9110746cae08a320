package dev.ussllab.host.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    @TempDir
    Path dir;

    @Test
    void loadsPkcs8AndPkcs1KeysWithOpensslCertificates() {
        KeyMaterial a = KeyMaterial.load(TestKeys.resource("fixed-key.pem"), TestKeys.resource("openssl-cert.pem"));
        KeyMaterial b = KeyMaterial.load(TestKeys.resource("fixed-key-pkcs1.pem"), TestKeys.resource("openssl-cert.pem"));
        assertEquals(a.privateKey(), b.privateKey());
        assertEquals(1, a.chain().size());
    }

    @Test
    void loadsAChainServerCertificateFirst() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, TestKeys.read("openssl-cert.pem") + TestKeys.read("other-cert.pem"));
        KeyMaterial m = KeyMaterial.load(TestKeys.resource("fixed-key.pem"), chain);
        assertEquals(2, m.chain().size());
        assertEquals("CN=localhost", m.chain().get(0).getSubject().toString());
    }

    @Test
    void eachBadFileIsAOneLineBadInputNamingIt() throws Exception {
        Path missing = dir.resolve("nope.pem");
        expect(missing, TestKeys.resource("openssl-cert.pem"), missing + " does not exist");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        expect(garbage, TestKeys.resource("openssl-cert.pem"), garbage + " is not PEM");
        expect(TestKeys.resource("fixed-key-encrypted.pem"), TestKeys.resource("openssl-cert.pem"), "encrypted private key");
        expect(TestKeys.resource("fixed-key-pkcs1-encrypted.pem"), TestKeys.resource("openssl-cert.pem"), "encrypted private key");
        expect(TestKeys.resource("fixed-key.pem"), TestKeys.resource("other-cert.pem"), "does not match the certificate");
        expect(TestKeys.resource("ec-key.pem"), TestKeys.resource("openssl-cert.pem"), "not RSA");
        expect(TestKeys.resource("openssl-cert.pem"), TestKeys.resource("openssl-cert.pem"), "holds no private key");
        expect(TestKeys.resource("fixed-key.pem"), TestKeys.resource("fixed-key.pem"), "holds no certificate");
        expect(TestKeys.resource("fixed-key.pem"), dir, dir + " cannot be read");
    }

    @Test
    void aFailedCertificateWriteLeavesNoLoneKey() throws Exception {
        Path blocker = Files.createDirectories(dir.resolve("cert.pem").resolve("in-the-way"));
        SelfSignedCertificate c = SelfSignedCertificate.builder().keyPair(TestKeys.fixedKeyPair()).build();
        LabException e = assertThrows(LabException.class,
                () -> PemFiles.write(c, dir.resolve("key.pem"), dir.resolve("cert.pem"), true));
        assertTrue(e.oneLine().contains("cannot write " + dir.resolve("cert.pem")), e.oneLine());
        assertTrue(!Files.exists(dir.resolve("key.pem")), "the new key was removed again");
        assertTrue(Files.isDirectory(blocker));
    }

    @Test
    void unreadableKeyIsNamed() throws Exception {
        Path key = Files.copy(TestKeys.resource("fixed-key.pem"), dir.resolve("key.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        // root reads anything: the check is only meaningful for other users
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(key), "running as root: mode 000 is still readable");
        expect(key, TestKeys.resource("openssl-cert.pem"), "not readable");
    }

    private static void expect(Path key, Path cert, String fragment) {
        LabException e = assertThrows(LabException.class, () -> KeyMaterial.load(key, cert));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.oneLine().contains(fragment), e.oneLine());
        assertTrue(!e.oneLine().contains("\n"), e.oneLine());
    }
}
