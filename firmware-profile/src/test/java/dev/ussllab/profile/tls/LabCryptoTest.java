package dev.ussllab.profile.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.junit.jupiter.api.Test;

/** What LabCrypto pays once instead of per connection, and that the results stay the same. */
class LabCryptoTest {

    private static byte[] selfSigned(String cn) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn);
        Date now = new Date();
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now, new Date(now.getTime() + 86_400_000L), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())).getEncoded();
    }

    @Test
    void aCertificateIsParsedOnceAndEachCallGetsItsOwnObject() throws Exception {
        byte[] a = selfSigned("a");
        byte[] b = selfSigned("b");
        TlsCertificate a1 = LabCrypto.shared().createCertificate(a);
        TlsCertificate a2 = LabCrypto.shared().createCertificate(a.clone());
        TlsCertificate b1 = LabCrypto.shared().createCertificate(b);
        assertNotSame(a1, a2);
        assertSame(LabCrypto.x509(a1), LabCrypto.x509(a2), "the same DER is parsed once");
        assertArrayEquals(a, a2.getEncoded());
        assertArrayEquals(b, b1.getEncoded());
        assertFalse(Arrays.equals(a1.getEncoded(), b1.getEncoded()));
        byte[] bad = a.clone();
        bad[1] ^= 0x7f; // a length that no longer fits: not a certificate
        assertThrows(IOException.class, () -> LabCrypto.shared().createCertificate(bad));
        assertThrows(IOException.class, () -> LabCrypto.shared().createCertificate(bad), "a failure is not kept");
    }

    @Test
    void noncesDifferAcrossCallsThreadsAndConnections() throws Exception {
        Set<String> seen = new HashSet<>();
        TlsNonceGenerator here = LabCrypto.shared().createNonceGenerator(new byte[16]);
        for (int i = 0; i < 1000; i++) {
            byte[] n = here.generateNonce(32);
            assertEquals(32, n.length);
            seen.add(Arrays.toString(n));
        }
        AtomicReference<byte[]> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(LabCrypto.shared().createNonceGenerator(new byte[16]).generateNonce(32)));
        t.start();
        t.join();
        seen.add(Arrays.toString(other.get()));
        seen.add(Arrays.toString(LabCrypto.shared().createNonceGenerator(new byte[16]).generateNonce(32)));
        assertEquals(1002, seen.size());
    }

    @Test
    void theRememberedProviderIsTheOneTheJcaPicks() throws Exception {
        ProviderCachingHelper h = new ProviderCachingHelper();
        for (int i = 0; i < 2; i++) {
            assertEquals(Cipher.getInstance("AES/CBC/NoPadding").getProvider(), h.createCipher("AES/CBC/NoPadding").getProvider());
            assertEquals(Mac.getInstance("HmacSHA256").getProvider(), h.createMac("HmacSHA256").getProvider());
            assertEquals(java.security.MessageDigest.getInstance("SHA-256").getProvider(), h.createMessageDigest("SHA-256").getProvider());
            // RSA: several providers have it: the JCA picks by key, each time; BC's own name for the
            // same PKCS#1 v1.5 encryption is answered with it, not with an exception
            assertEquals("RSA/ECB/PKCS1Padding", h.createCipher("RSA/ECB/PKCS1Padding").getAlgorithm());
            assertEquals("RSA/ECB/PKCS1Padding", h.createCipher("RSA/NONE/PKCS1Padding").getAlgorithm());
        }
        assertThrows(java.security.NoSuchAlgorithmException.class, () -> h.createCipher("RSA/NoSuchMode/PKCS1Padding"));
        assertThrows(java.security.NoSuchAlgorithmException.class, () -> h.createMac("HmacNoSuch"));
    }

    @Test
    void aPreferredProviderIsAskedFirstAndTheJcaOtherwise() throws Exception {
        ProviderCachingHelper h = new ProviderCachingHelper();
        java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider(); // not registered
        h.prefer(bc);
        for (int i = 0; i < 2; i++) { // found, then remembered
            assertSame(bc, h.createCipher("AES/CBC/NoPadding").getProvider());
            assertSame(bc, h.createCipher("RSA/ECB/PKCS1Padding").getProvider(), "RSA too: the client's premaster secret");
            assertSame(bc, h.createMac("HmacSHA256").getProvider());
            assertSame(bc, h.createDigest("SHA-256").getProvider());
        }
        // what the preferred provider lacks comes from the JCA as before
        h.prefer(new java.security.Provider("nothing", "1", "offers no service") {});
        assertEquals(Cipher.getInstance("AES/CBC/NoPadding").getProvider(), h.createCipher("AES/CBC/NoPadding").getProvider());
        assertEquals(Mac.getInstance("HmacSHA256").getProvider(), h.createMac("HmacSHA256").getProvider());
        assertEquals(java.security.MessageDigest.getInstance("SHA-256").getProvider(), h.createDigest("SHA-256").getProvider());
        assertThrows(java.security.NoSuchAlgorithmException.class, () -> h.createMac("HmacNoSuch"));
        // and no preference: the JCA's choice again, not the remembered one
        h.prefer(bc);
        assertSame(bc, h.createMac("HmacSHA1").getProvider());
        h.prefer(null);
        assertEquals(Mac.getInstance("HmacSHA1").getProvider(), h.createMac("HmacSHA1").getProvider());
    }

    @Test
    void theSharedBackEndNamesItsPreference() {
        assertEquals("JDK", LabCrypto.providerSummary());
        LabCrypto.preferProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider(), "Bouncy Castle for the test");
        try {
            assertEquals("Bouncy Castle for the test", LabCrypto.providerSummary());
        } finally {
            LabCrypto.preferProvider(null, null);
        }
        assertEquals("JDK", LabCrypto.providerSummary());
    }

    /** A provider whose only service is a SecureRandom "DEFAULT" counting up from 1: its bytes are recognisable. */
    public static final class CountingRandom extends java.security.SecureRandomSpi {
        private byte next = 1;

        @Override
        protected void engineSetSeed(byte[] seed) {}

        @Override
        protected void engineNextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = next++;
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int n) {
            return new byte[n];
        }
    }

    @Test
    void noncesComeFromThePreferredProvidersGeneratorWhereItHasOne() throws Exception {
        java.security.Provider counting = new java.security.Provider("counting", "1", "test") {
            {
                put("SecureRandom.DEFAULT", CountingRandom.class.getName());
            }
        };
        LabCrypto.preferProvider(counting, "counting");
        try {
            assertArrayEquals(new byte[] {1, 2, 3, 4}, LabCrypto.shared().createNonceGenerator(new byte[0]).generateNonce(4));
            assertArrayEquals(new byte[] {5, 6}, LabCrypto.shared().createNonceGenerator(new byte[0]).generateNonce(2));
            // a provider without one: each thread's Hash_DRBG again
            LabCrypto.preferProvider(new java.security.Provider("nothing", "1", "offers no service") {}, "nothing");
            assertFalse(Arrays.equals(new byte[] {7, 8, 9, 10}, LabCrypto.shared().createNonceGenerator(new byte[0]).generateNonce(4)));
        } finally {
            LabCrypto.preferProvider(null, null);
        }
        assertFalse(Arrays.equals(new byte[] {7, 8, 9, 10}, LabCrypto.shared().createNonceGenerator(new byte[0]).generateNonce(4)));
    }

    @Test
    void aClientHelloStillCarriesAFreshRandom() throws Exception {
        Set<String> randoms = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            TlsClientProtocol p = new TlsClientProtocol();
            p.connect(new org.bouncycastle.tls.DefaultTlsClient(LabCrypto.shared()) {
                @Override
                public org.bouncycastle.tls.TlsAuthentication getAuthentication() {
                    throw new IllegalStateException("no server in this test");
                }
            });
            byte[] out = new byte[p.getAvailableOutputBytes()];
            p.readOutput(out, 0, out.length);
            // record header (5), handshake header (4), client_version (2), then the 32-byte random
            randoms.add(Arrays.toString(Arrays.copyOfRange(out, 11, 43)));
        }
        assertEquals(3, randoms.size());
    }
}
