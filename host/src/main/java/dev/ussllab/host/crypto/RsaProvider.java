package dev.ussllab.host.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Who does the RSA private operation (one per TLS_RSA handshake, and per session that decrypt
 * opens with key.pem): the Amazon Corretto Crypto Provider (AWS-LC, native) where it loads, ~5x
 * the JDK's SunJCE on this kind of machine (issue 13: 3,314/s against 636/s, one thread); the
 * JDK's own providers elsewhere. Chosen once per JVM, on first use, never at class load of the
 * callers. {@code USSL_LAB_RSA=jdk} forces the JDK (benchmarks, comparisons).
 */
public final class RsaProvider {

    /** Environment switch: "jdk" skips the native provider. */
    public static final String ENV = "USSL_LAB_RSA";
    /** PKCS#1 v1.5 encryption padding: the TLS_RSA premaster secret (RFC 5246 7.4.7.1). */
    private static final String PKCS1 = "RSA/ECB/PKCS1Padding";

    private static volatile RsaProvider chosen;

    private final Provider provider;
    private final String name;

    private RsaProvider(Provider provider, String name) {
        this.provider = provider;
        this.name = name;
    }

    /** The provider in use, chosen on the first call. */
    public static RsaProvider get() {
        RsaProvider p = chosen;
        if (p == null) {
            synchronized (RsaProvider.class) {
                p = chosen;
                if (p == null) {
                    p = choose(System.getenv(ENV));
                    chosen = p;
                }
            }
        }
        return p;
    }

    /** The JDK's own providers, whatever is installed. */
    public static RsaProvider jdk() {
        return new RsaProvider(null, "JDK " + jdkRsaProviderName());
    }

    static RsaProvider choose(String setting) {
        if (setting != null && setting.equalsIgnoreCase("jdk")) {
            return jdk();
        }
        try {
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider accp =
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                return jdk(); // no native library for this platform: the JDK it is
            }
            accp.assertHealthy();
            Cipher.getInstance(PKCS1, accp); // the service this project uses is there
            return new RsaProvider(accp, "Amazon Corretto Crypto Provider " + accp.getVersionStr());
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            return jdk();
        }
    }

    private static String jdkRsaProviderName() {
        try {
            return Cipher.getInstance(PKCS1).getProvider().getName();
        } catch (GeneralSecurityException e) {
            return "(no RSA cipher)";
        }
    }

    /** "Amazon Corretto Crypto Provider 2.5.0" or "JDK SunJCE": for start lines and reports. */
    public String name() {
        return name;
    }

    /** The native provider, or null when the JDK's own providers are in use. */
    public Provider provider() {
        return provider;
    }

    /** True when the native provider is in use. */
    public boolean isNative() {
        return provider != null;
    }

    /** The key in the provider's own form, converted once rather than on every operation. */
    public PrivateKey adopt(PrivateKey key) {
        if (provider == null) {
            return key;
        }
        try {
            return (PrivateKey) KeyFactory.getInstance("RSA", provider).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            return key; // the provider takes the JDK's key objects too, just more slowly
        }
    }

    /**
     * A symmetric cipher ("AES/CBC/NoPadding", "AES/GCM/NoPadding") from the same provider where it
     * has it, else the JDK's. The native provider runs AES with the CPU's AES instructions whatever
     * the JIT does; the JDK's uses them only once the optimising compiler has compiled it, which the
     * short-lived commands (decrypt: the quick compiler only) never get to (4,000 12 KB records:
     * 96 ms against 950 ms of CPU here).
     */
    public Cipher cipher(String transformation) throws GeneralSecurityException {
        if (provider != null) {
            try {
                return Cipher.getInstance(transformation, provider);
            } catch (GeneralSecurityException e) {
                // not one of the native provider's: the JDK's below
            }
        }
        return Cipher.getInstance(transformation);
    }

    /** An HMAC ("HmacSHA1", "HmacSHA256") from the same provider where it has it, else the JDK's; see {@link #cipher}. */
    public Mac mac(String algorithm) throws GeneralSecurityException {
        if (provider != null) {
            try {
                return Mac.getInstance(algorithm, provider);
            } catch (GeneralSecurityException e) {
                // not one of the native provider's: the JDK's below
            }
        }
        return Mac.getInstance(algorithm);
    }

    /** A message digest ("SHA-256", "SHA-384") from the same provider where it has it, else the JDK's; see {@link #cipher}. */
    public MessageDigest digest(String algorithm) throws GeneralSecurityException {
        if (provider != null) {
            try {
                return MessageDigest.getInstance(algorithm, provider);
            } catch (GeneralSecurityException e) {
                // not one of the native provider's: the JDK's below
            }
        }
        return MessageDigest.getInstance(algorithm);
    }

    /** A cipher for RSA PKCS#1 v1.5 decryption with this provider, initialised with the key. */
    public Cipher pkcs1Decryptor(PrivateKey key) throws GeneralSecurityException {
        Cipher c = provider == null ? Cipher.getInstance(PKCS1) : Cipher.getInstance(PKCS1, provider);
        c.init(Cipher.DECRYPT_MODE, key);
        return c;
    }

    /**
     * A new RSA key pair, as the JDK's own key objects. The native provider makes it where it is in
     * use: the JDK's prime search runs on BigInteger, whose multiplication intrinsics the quick JIT
     * of short commands (tools/ussl-lab) lacks, so RSA-2048 cost about a second of CPU there, most
     * of a fresh demo's (tools/BENCHMARKS.md).
     */
    public KeyPair generateKeyPair(int bits) throws GeneralSecurityException {
        if (provider != null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", provider);
                g.initialize(bits);
                KeyPair made = g.generateKeyPair();
                KeyFactory jdk = KeyFactory.getInstance("RSA");
                return new KeyPair(jdk.generatePublic(new X509EncodedKeySpec(made.getPublic().getEncoded())),
                        jdk.generatePrivate(new PKCS8EncodedKeySpec(made.getPrivate().getEncoded())));
            } catch (GeneralSecurityException | RuntimeException e) {
                // a size the native provider refuses: the JDK makes it
            }
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }
}
