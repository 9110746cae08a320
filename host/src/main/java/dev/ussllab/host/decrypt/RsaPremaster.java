package dev.ussllab.host.decrypt;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;

/**
 * RSA key exchange (RFC 5246 7.4.7.1) with one server key: the premaster secret, and whether the
 * key fits a certificate. The private operation is the cost of decrypting a kRSA capture (one per
 * session), so it runs on every worker thread at once, each with its own Cipher, and the JCA
 * provider is a parameter: the JDK's by default, a faster one (Amazon Corretto Crypto Provider)
 * where the caller has it.
 */
public final class RsaPremaster {

    /** A TLS premaster secret is client_version (2) + 46 random bytes. */
    static final int LENGTH = 48;
    private static final String TRANSFORMATION = "RSA/ECB/PKCS1Padding";

    private final RSAPrivateKey key;
    private final Provider provider;
    private final ThreadLocal<Cipher> cipher;
    /** Certificates already compared with the key: a capture usually shows the same one each session. */
    private final Map<ByteBuffer, Boolean> matched = new ConcurrentHashMap<>();

    /**
     * @param provider the JCA provider for {@value #TRANSFORMATION}, or null for the JDK's
     * @throws IllegalArgumentException when the provider cannot decrypt with this key
     */
    public RsaPremaster(RSAPrivateKey key, Provider provider) {
        this.key = key;
        this.provider = provider;
        this.cipher = ThreadLocal.withInitial(this::newCipher);
        newCipher(); // fail here, once, rather than on a worker thread
    }

    private Cipher newCipher() {
        try {
            Cipher c = provider == null ? Cipher.getInstance(TRANSFORMATION) : Cipher.getInstance(TRANSFORMATION, provider);
            c.init(Cipher.DECRYPT_MODE, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("RSA decryption is not available from "
                    + (provider == null ? "the JDK" : provider.getName()) + ": " + e.getMessage(), e);
        }
    }

    /** The provider that runs the private operation, for the user to see. */
    public String providerName() {
        return cipher.get().getProvider().getName();
    }

    /** The 48-byte premaster, or null when this key cannot decrypt it. */
    byte[] decrypt(byte[] encrypted) {
        Cipher c = cipher.get();
        try {
            byte[] pm = c.doFinal(encrypted); // doFinal leaves the cipher initialised for the next one
            return pm.length == LENGTH ? pm : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            cipher.remove(); // a provider may leave its state undefined after a failure
            return null;
        }
    }

    /** True when the certificate's RSA public key has the private key's modulus. */
    boolean matches(byte[] certificateDer) {
        return matched.computeIfAbsent(ByteBuffer.wrap(certificateDer.clone()), der -> {
            try {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(certificateDer));
                return cert.getPublicKey() instanceof RSAPublicKey pub && pub.getModulus().equals(key.getModulus());
            } catch (GeneralSecurityException e) {
                return false;
            }
        });
    }
}
