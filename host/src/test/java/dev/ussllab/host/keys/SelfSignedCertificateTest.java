package dev.ussllab.host.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

    private static final Instant FIXED_START = Instant.parse("2026-01-01T00:00:00Z");

    private static SelfSignedCertificate fixed() {
        return SelfSignedCertificate.builder()
                .keyPair(TestKeys.fixedKeyPair())
                .notBefore(FIXED_START)
                .serialNumber(BigInteger.valueOf(0x1a2b3c4dL))
                .build();
    }

    /**
     * Golden PEM: PKCS#1 v1.5 signatures are deterministic, so a fixed key, serial and start give
     * the same bytes every time. golden-cert.pem was written by this builder once and checked with
     * openssl x509 -text (fields below) and openssl verify -x509_strict (see keys/README.txt).
     */
    @Test
    void fixedKeyAndDatesGiveTheGoldenCertificate() throws Exception {
        String pem = fixed().certificatePem();
        Path golden = TestKeys.resource("golden-cert.pem");
        if (!pem.equals(Files.readString(golden))) {
            Files.writeString(Path.of("target", "golden-cert.actual.pem"), pem);
        }
        assertEquals(Files.readString(golden), pem, "see target/golden-cert.actual.pem");
    }

    /** openssl writes the same key file: BC's PKCS#8 PEM equals openssl genpkey's byte for byte. */
    @Test
    void privateKeyPemIsWhatOpensslWrites() {
        assertEquals(TestKeys.read("fixed-key.pem"), fixed().privateKeyPem());
    }

    @Test
    void defaultsFollowOpensslReqX509() throws Exception {
        X509CertificateHolder c = fixed().certificate();
        assertEquals("CN=localhost", c.getSubject().toString());
        assertEquals(c.getSubject(), c.getIssuer());
        assertEquals(FIXED_START.plus(1825, ChronoUnit.DAYS), c.getNotAfter().toInstant());
        assertEquals("1.2.840.113549.1.1.11", c.getSignatureAlgorithm().getAlgorithm().getId()); // sha256WithRSA
        assertTrue(BasicConstraints.fromExtensions(c.getExtensions()).isCA());
        assertTrue(c.getExtension(Extension.basicConstraints).isCritical());
        KeyUsage ku = KeyUsage.fromExtensions(c.getExtensions());
        assertTrue(ku.hasUsages(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        assertTrue(c.isSignatureValid(new JcaContentVerifierProviderBuilder().build(c)));
        assertEquals("DNS:localhost,IP:127.0.0.1", SubjectAltNames.defaults(null).toString());
    }

    @Test
    void generatesFreshKeysOfTheAskedSize() {
        SelfSignedCertificate c = SelfSignedCertificate.builder().rsa(1024).subject("/CN=lab/O=ussl").build();
        assertEquals(1024, ((java.security.interfaces.RSAPublicKey) c.keyPair().getPublic()).getModulus().bitLength());
        assertEquals("CN=lab,O=ussl", c.certificate().getSubject().toString());
        assertTrue(c.certificate().getSerialNumber().signum() > 0);
    }

    @Test
    void badOptionsAreBadInput() {
        assertEquals(LabException.Kind.BAD_INPUT, assertThrows(LabException.class, () -> SelfSignedCertificate.builder().rsa(512)).kind());
        assertThrows(LabException.class, () -> SelfSignedCertificate.builder().validityDays(0));
        assertThrows(LabException.class, () -> SelfSignedCertificate.builder().subject("not a name").keyPair(TestKeys.fixedKeyPair()).build());
        assertThrows(LabException.class, () -> SubjectAltNames.parse("URI:x", null));
        assertThrows(LabException.class, () -> SubjectAltNames.parse("IP:example.com", null));
        assertEquals("DNS:a,IP:192.168.4.1", SubjectAltNames.parse("dns:a, IP:192.168.4.1", "192.168.4.1").toString());
    }
}
