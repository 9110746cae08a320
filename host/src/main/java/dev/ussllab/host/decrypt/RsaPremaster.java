package dev.ussllab.host.decrypt;

import dev.ussllab.host.crypto.RsaProvider;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;

/**
 * RSA key exchange (RFC 5246 7.4.7.1) with one server key: the premaster secret, and whether the
 * key fits a certificate. The private operation is the cost of decrypting a kRSA capture (one per
 * session), so it runs on every worker thread at once, each with its own Cipher, done by the
 * {@link RsaProvider} the caller chose: Amazon Corretto Crypto Provider where it loads (about 5x
 * the JDK's), the JDK's own elsewhere.
 */
public final class RsaPremaster {

    /** A TLS premaster secret is client_version (2) + 46 random bytes. */
    static final int LENGTH = 48;

    private final RSAPrivateKey key;
    private final CompletableFuture<RsaProvider> chosen;
    /** The provider and the key in its own form (converted once), from the first decryption on. */
    private volatile Ready ready;
    private final ThreadLocal<Cipher> cipher;
    /** Certificates already compared with the key: a capture usually shows the same one each session. */
    private final Map<ByteBuffer, Boolean> matched = new ConcurrentHashMap<>();

    private record Ready(RsaProvider provider, PrivateKey adopted) {}

    /**
     * @param provider who runs the private operation, or null for the JDK's own providers
     * @throws IllegalArgumentException when the provider cannot decrypt with this key
     */
    public RsaPremaster(RSAPrivateKey key, RsaProvider provider) {
        this.key = key;
        this.chosen = CompletableFuture.completedFuture(provider);
        this.cipher = ThreadLocal.withInitial(this::newCipher);
        RsaProvider p = provider == null ? RsaProvider.jdk() : provider;
        this.ready = new Ready(p, p.adopt(key));
        newCipher(); // fail here, once, rather than on a worker thread
    }

    /**
     * With a provider still loading (decrypt loads the native one beside reading the capture): the
     * first session to need the key waits for it. Where the provider turns out not to take this
     * key, the JDK's runs the operation; the JDK's failing too is the IllegalArgumentException.
     */
    public static RsaPremaster loading(RSAPrivateKey key, CompletableFuture<RsaProvider> provider) {
        return new RsaPremaster(key, provider);
    }

    private RsaPremaster(RSAPrivateKey key, CompletableFuture<RsaProvider> provider) {
        this.key = key;
        this.chosen = provider;
        this.cipher = ThreadLocal.withInitial(this::newCipher);
    }

    private Ready ready() {
        Ready r = ready;
        if (r == null) {
            synchronized (this) {
                r = ready;
                if (r == null) {
                    RsaProvider p = chosen.join();
                    p = p == null ? RsaProvider.jdk() : p;
                    r = new Ready(p, p.adopt(key));
                    try {
                        r.provider().pkcs1Decryptor(r.adopted());
                    } catch (GeneralSecurityException | RuntimeException e) {
                        RsaProvider jdk = RsaProvider.jdk();
                        r = new Ready(jdk, key);
                    }
                    ready = r;
                }
            }
        }
        return r;
    }

    private Cipher newCipher() {
        Ready r = ready();
        try {
            return r.provider().pkcs1Decryptor(r.adopted());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("RSA decryption is not available from " + r.provider().name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Who runs the private operation ("Amazon Corretto Crypto Provider 2.5.0", "JDK SunJCE"), for the user to see. */
    public String providerName() {
        return ready().provider().name();
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
