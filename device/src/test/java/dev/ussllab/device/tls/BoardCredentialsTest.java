package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** key= and cert= as the firmware reads them; files made by the real openssl. */
class BoardCredentialsTest {

    @TempDir
    static Path dir;
    static TestPki.KeyPair rsa;
    static Path pkcs1Der;
    static Path pkcs8Der;
    static Path certDer;

    @BeforeAll
    static void files() throws Exception {
        String openssl = Peers.require("openssl");
        rsa = TestPki.selfSigned(dir, "board", 2048, "/CN=board"); // openssl 3 writes PKCS#8 PEM
        pkcs1Der = dir.resolve("board1.der");
        pkcs8Der = dir.resolve("board8.der");
        certDer = dir.resolve("board.crt.der");
        TestPki.run(List.of(openssl, "rsa", "-in", rsa.key().toString(), "-traditional", "-outform", "DER",
                "-out", pkcs1Der.toString()));
        TestPki.run(List.of(openssl, "pkcs8", "-topk8", "-nocrypt", "-in", rsa.key().toString(), "-outform", "DER",
                "-out", pkcs8Der.toString()));
        TestPki.run(List.of(openssl, "x509", "-in", rsa.cert().toString(), "-outform", "DER", "-out", certDer.toString()));
    }

    @Test
    void derPkcs1KeyAndDerCertificateLoadAsOnTheBoard() throws Exception {
        BoardCredentials c = BoardCredentials.fromFirmwareBytes(Files.readAllBytes(pkcs1Der), Files.readAllBytes(certDer));
        assertEquals("CN=board", c.subject());
        assertEquals(List.of(BoardCredentials.HASH_SHA256), c.hashes());
    }

    @Test
    void pkcs8AndPemAreInvalidKeysOnTheBoard() throws Exception {
        byte[] cert = Files.readAllBytes(certDer);
        for (Path key : List.of(pkcs8Der, rsa.key())) {
            var e = assertThrows(BoardCredentials.InvalidCredentials.class,
                    () -> BoardCredentials.fromFirmwareBytes(Files.readAllBytes(key), cert));
            assertEquals("invalid key", e.firmwareMessage(), key.toString());
        }
    }

    @Test
    void pemCertificateAndEcdsaCertificateAreInvalidCerts() throws Exception {
        byte[] key = Files.readAllBytes(pkcs1Der);
        Path ec = dir.resolve("ec.pem");
        Path ecDer = dir.resolve("ec.der");
        String openssl = Peers.require("openssl");
        TestPki.run(List.of(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("ec.key").toString(), "-out", ec.toString(), "-subj", "/CN=ec", "-days", "2"));
        TestPki.run(List.of(openssl, "x509", "-in", ec.toString(), "-outform", "DER", "-out", ecDer.toString()));
        for (Path cert : List.of(rsa.cert(), ecDer)) {
            var e = assertThrows(BoardCredentials.InvalidCredentials.class,
                    () -> BoardCredentials.fromFirmwareBytes(key, Files.readAllBytes(cert)));
            assertEquals("invalid cert", e.firmwareMessage(), cert.toString());
        }
    }

    @Test
    void moreThanThreeCertificatesIsAnInvalidCert() throws Exception {
        byte[] one = Files.readAllBytes(certDer);
        byte[] four = new byte[one.length * 4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(one, 0, four, i * one.length, one.length);
        }
        var e = assertThrows(BoardCredentials.InvalidCredentials.class,
                () -> BoardCredentials.fromFirmwareBytes(Files.readAllBytes(pkcs1Der), four));
        assertEquals("invalid cert", e.firmwareMessage());
    }

    @Test
    void commandLineFilesTakePemOrDerAndNameTheFileOtherwise() {
        assertEquals("CN=board", BoardCredentials.load(pkcs1Der, rsa.cert()).subject());
        LabException e = assertThrows(LabException.class, () -> BoardCredentials.load(rsa.key(), rsa.cert()));
        assertTrue(e.oneLine().contains(rsa.key() + " is a PKCS#8 key") && e.oneLine().contains("-traditional"),
                e.oneLine());
        e = assertThrows(LabException.class, () -> BoardCredentials.load(dir.resolve("missing.key"), rsa.cert()));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.oneLine().contains("missing.key does not exist"), e.oneLine());
    }

    @Test
    void theBuiltInStandInIsSha1SignedRsa1024LikeAxtlsCertH() {
        BoardCredentials d = BoardCredentials.axtlsDefault();
        assertTrue(d.builtIn());
        assertEquals(1024, d.keyBits());
        assertEquals(List.of(BoardCredentials.HASH_SHA1), d.hashes());
        assertEquals("SHA1withRSA", d.chain().get(0).getSigAlgName());
    }
}
