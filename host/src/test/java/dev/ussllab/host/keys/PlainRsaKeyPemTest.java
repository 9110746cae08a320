package dev.ussllab.host.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK-only reader takes the plain key files openssl writes (PKCS#8 and PKCS#1, LF or CRLF)
 * and gives the same key as the fixture's key pair; everything else is left to the full parser.
 */
class PlainRsaKeyPemTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainPkcs8AndPkcs1Keys() throws Exception {
        var expected = TestKeys.fixedKeyPair().getPrivate();
        assertEquals(expected, PlainRsaKeyPem.read(TestKeys.resource("fixed-key.pem")));
        assertEquals(expected, PlainRsaKeyPem.read(TestKeys.resource("fixed-key-pkcs1.pem")));
        Path crlf = Files.writeString(dir.resolve("crlf.pem"), TestKeys.read("fixed-key-pkcs1.pem").replace("\n", "\r\n"));
        assertEquals(expected, PlainRsaKeyPem.read(crlf));
        assertEquals(expected, KeyMaterial.loadRsaKey(crlf));
    }

    @Test
    void leavesEverythingElseToTheFullParser() throws Exception {
        assertNull(PlainRsaKeyPem.read(TestKeys.resource("fixed-key-encrypted.pem")));
        assertNull(PlainRsaKeyPem.read(TestKeys.resource("fixed-key-pkcs1-encrypted.pem")));
        assertNull(PlainRsaKeyPem.read(TestKeys.resource("ec-key.pem")));
        assertNull(PlainRsaKeyPem.read(TestKeys.resource("openssl-cert.pem")));
        assertNull(PlainRsaKeyPem.read(dir.resolve("missing.pem")));
        Path both = Files.writeString(dir.resolve("both.pem"), TestKeys.read("openssl-cert.pem") + TestKeys.read("fixed-key.pem"));
        assertNull(PlainRsaKeyPem.read(both));
        assertEquals(TestKeys.fixedKeyPair().getPrivate(), KeyMaterial.loadRsaKey(both), "the full parser still finds it");
        String pkcs8 = TestKeys.read("fixed-key.pem");
        Path mismatched = Files.writeString(dir.resolve("mismatched.pem"),
                pkcs8.replace("-----END PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"));
        assertNull(PlainRsaKeyPem.read(mismatched));
        Path damaged = Files.writeString(dir.resolve("damaged.pem"), pkcs8.replace("A", "B"));
        assertNull(PlainRsaKeyPem.read(damaged));
    }
}
