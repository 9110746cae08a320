package dev.ussllab.host.internal;

import dev.ussllab.host.crypto.RsaProvider;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JceDefaultTlsCredentialedDecryptor;

/**
 * BC's TLS_RSA decryptor with the RSA private operation done by the chosen {@link RsaProvider}
 * (BC's own goes through the provider list, i.e. the JDK). Keeps BC's defence against
 * Bleichenbacher's attack (RFC 5246 7.4.7.1): a bad padding, length or version yields a random
 * premaster secret, chosen without branching on the secret, so the handshake fails at Finished.
 */
final class ProviderDecryptor extends JceDefaultTlsCredentialedDecryptor {

    /** TLS premaster secret length (RFC 5246 7.4.7.1). */
    private static final int PREMASTER = 48;

    private final PrivateKey key;
    private final ThreadLocal<Cipher> ciphers;

    ProviderDecryptor(JcaTlsCrypto crypto, Certificate chain, PrivateKey key, RsaProvider rsa) {
        super(crypto, chain, key);
        this.key = rsa.adopt(key);
        this.ciphers = ThreadLocal.withInitial(() -> {
            try {
                return rsa.pkcs1Decryptor(this.key); // reusable: doFinal leaves it initialised
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA decryption unavailable in " + rsa.name() + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    protected TlsSecret safeDecryptPreMasterSecret(TlsCryptoParameters params, PrivateKey ignored, byte[] encrypted) {
        SecureRandom random = crypto.getSecureRandom();
        ProtocolVersion expected = params.getRSAPreMasterSecretVersion();
        byte[] fallback = new byte[PREMASTER];
        random.nextBytes(fallback);
        byte[] m = fallback.clone();
        try {
            byte[] d = ciphers.get().doFinal(encrypted);
            if (d.length == PREMASTER) {
                m = d;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // bad padding: the random premaster stands in, as BC does
        }
        int wrong = (expected.getMajorVersion() ^ (m[0] & 0xff)) | (expected.getMinorVersion() ^ (m[1] & 0xff));
        wrong |= wrong >> 1;
        wrong |= wrong >> 2;
        wrong |= wrong >> 4;
        int mask = ~((wrong & 1) - 1);
        for (int i = 0; i < PREMASTER; i++) {
            m[i] = (byte) ((m[i] & ~mask) | (fallback[i] & mask));
        }
        return crypto.createSecret(m);
    }
}
