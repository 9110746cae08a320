package dev.ussllab.profile.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.util.Pack;

/**
 * The one Bouncy Castle crypto back-end every TLS peer here uses, created once per JVM.
 *
 * <p>Chosen by measurement (shared/reference/bouncycastle-tls-notes.md): JcaTlsCrypto on the JDK
 * providers does bulk AES-128-CBC-SHA at 270-410 MB/s against ~55 MB/s for BcTlsCrypto, thanks to
 * the AES-NI intrinsics. The BC provider is registered once, when the JDK's providers first lack
 * an algorithm (BC's RSASSA-PSS and ECDSA signature names in TLS 1.3 and ECDHE signing; see
 * {@link JdkFirstHelper}), not at start: the emulated board's exchange never needs it. Creating a
 * provider per connection would cost ~30 ms a handshake.
 *
 * <p>Three per-connection costs of the stock back-end are paid once instead (issue 13: they were
 * most of a fleet board's client-side work, measured with a JFR profile against openssl s_server):
 * <ul>
 *   <li>the nonce generator (client and server random, CBC explicit IVs): Bouncy Castle seeds a
 *   fresh SHA-512 Hash_DRBG from the system entropy source for every connection; here each thread
 *   has one such DRBG, seeded once, with the same construction (SP 800-90A Hash_DRBG, SHA-512);</li>
 *   <li>provider look-ups for ciphers, MACs and digests ({@link ProviderCachingHelper});</li>
 *   <li>X.509 parsing of the peer's certificate: the parsed certificate is kept per DER encoding
 *   (a few, least recently used first out), so a fleet against one server parses its certificate
 *   once. The bytes on the wire are the same; each connection still gets its own certificate
 *   object.</li>
 * </ul>
 */
public final class LabCrypto {

    /** Distinct peer certificates kept parsed (a fleet talks to one server; a scan to a few). */
    static final int PARSED_CERTIFICATES = 32;

    private static final ProviderCachingHelper HELPER = new ProviderCachingHelper();
    private static final JcaTlsCrypto SHARED = create();

    private static volatile String preferredName;
    private static volatile TlsNonceGenerator preferredNonces;

    private LabCrypto() {}

    public static TlsCrypto shared() {
        return SHARED;
    }

    private static JcaTlsCrypto create() {
        return new Crypto(HELPER, entropy());
    }

    /** The Bouncy Castle provider, registered (last) if it is not yet. */
    public static Provider bouncyCastle() {
        return JdkFirstHelper.bouncyCastle();
    }

    /**
     * The JDK's DRBG (SP 800-90A, seeded from the system): thread-safe without one lock for all,
     * where the default NativePRNG reads /dev/urandom under a global lock on every call (one
     * premaster secret per client handshake).
     */
    private static SecureRandom entropy() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * Makes {@code provider} the first one asked for the TLS peers' ciphers (RSA included), MACs
     * and digests, in this JVM from now on; null goes back to the JCA's order. {@code name} is
     * what reports call it. For long-running processes on the quick JIT only (host, fleet), with
     * the native provider: see {@link ProviderCachingHelper}. Short commands (device) keep the
     * JDK's and never load it. Nonces (randoms, CBC IVs) then come from the provider's default
     * generator where it has one (AWS-LC's CTR_DRBG, native: the Java SHA-512 DRBG was ~4% of a
     * fleet's CPU under the quick JIT); secrets still come from the JDK's DRBG, a separate source.
     */
    public static void preferProvider(Provider provider, String name) {
        HELPER.prefer(provider);
        preferredNonces = provider == null ? null : nonceSource(provider);
        preferredName = provider == null ? null : name;
    }

    private static TlsNonceGenerator nonceSource(Provider provider) {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DEFAULT", provider);
        } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            return null; // none: each thread's Hash_DRBG as without a preference
        }
        return size -> {
            byte[] b = new byte[size];
            r.nextBytes(b);
            return b;
        };
    }

    /** The preferred provider's name as given ("Amazon Corretto Crypto Provider 2.5.0"), else "JDK": for reports. */
    public static String providerSummary() {
        String n = preferredName;
        return n == null ? "JDK" : n;
    }

    /** For code that needs the concrete type (adopting secrets for key logs). */
    public static JcaTlsCrypto sharedJca() {
        return SHARED;
    }

    /** The parsed X.509 certificate behind a Bouncy Castle certificate of this back-end. */
    public static X509Certificate x509(TlsCertificate certificate) throws IOException {
        return JcaTlsCertificate.convert(SHARED, certificate).getX509Certificate();
    }

    private static final class Crypto extends JcaTlsCrypto {
        private final ThreadLocal<TlsNonceGenerator> nonces;
        private final Map<ByteBuffer, X509Certificate> parsed = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, X509Certificate> eldest) {
                return size() > PARSED_CERTIFICATES;
            }
        };

        Crypto(ProviderCachingHelper helper, SecureRandom entropy) {
            super(helper, entropy, entropy);
            AtomicLong threads = new AtomicLong();
            this.nonces = ThreadLocal.withInitial(() -> nonceGenerator(entropy, threads.incrementAndGet()));
        }

        /**
         * Each thread's own generator; contexts on that thread share it (they never run at once).
         * Or the preferred provider's, which is thread-safe.
         */
        @Override
        public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
            TlsNonceGenerator preferred = preferredNonces;
            return preferred != null ? preferred : nonces.get();
        }

        @Override
        public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
            if (type != CertificateType.X509) {
                throw new TlsFatalAlert(AlertDescription.unsupported_certificate);
            }
            ByteBuffer key = ByteBuffer.wrap(encoding);
            X509Certificate x509;
            synchronized (parsed) {
                x509 = parsed.get(key);
            }
            if (x509 == null) {
                x509 = JcaTlsCertificate.parseCertificate(getHelper(), encoding); // throws on bad DER
                synchronized (parsed) {
                    parsed.put(ByteBuffer.wrap(encoding.clone()), x509);
                }
            }
            return new JcaTlsCertificate(this, x509);
        }
    }

    /**
     * The construction Bouncy Castle uses per connection (JcaNonceGenerator): a SHA-512
     * Hash_DRBG seeded with 32 bytes from the entropy source, personalised with a counter and
     * the time so no two generators start alike.
     */
    private static TlsNonceGenerator nonceGenerator(SecureRandom entropy, long counter) {
        byte[] personal = new byte[16];
        Pack.longToBigEndian(counter, personal, 0);
        Pack.longToBigEndian(System.nanoTime(), personal, 8);
        byte[] seed = new byte[32];
        entropy.nextBytes(seed);
        SecureRandom drbg = new SP800SecureRandomBuilder(entropy, false).setPersonalizationString(personal)
                .buildHash(new SHA512Digest(), seed, false);
        return size -> {
            byte[] b = new byte[size];
            drbg.nextBytes(b);
            return b;
        };
    }
}
