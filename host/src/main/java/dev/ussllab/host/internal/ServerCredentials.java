package dev.ussllab.host.internal;

import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.keys.ClientCertificates;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The host's key and certificate in Bouncy Castle's TLS types, converted once at start so the
 * accept path does no parsing. The decryptor is shared (it holds no per-connection state); a
 * signer is bound to a connection's context and signature algorithm, so it is a cheap wrapper
 * made per handshake around the same key and certificate objects.
 */
public final class ServerCredentials {

    /**
     * Signature schemes in the host's order for TLS 1.2 ServerKeyExchange: PSS first (what OpenSSL
     * and BC choose), then PKCS#1 v1.5 for older clients, SHA-1 last (RFC 5246 7.4.1.4.1 default).
     */
    private static final SignatureAndHashAlgorithm[] TLS12_PREFERENCE = {
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha384,
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha512,
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
    };
    /** TLS 1.3 forbids PKCS#1 v1.5 in CertificateVerify (RFC 8446 4.2.3): RSA keys sign with PSS. */
    private static final SignatureAndHashAlgorithm[] TLS13_PREFERENCE = {
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha384,
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha512,
    };

    private final JcaTlsCrypto crypto;
    private final PrivateKey key;
    private final Certificate tls12Chain;
    private final Certificate tls13Chain;
    private final TlsCredentialedDecryptor decryptor;
    private final ClientCertificates clientCertificates;
    private final RsaProvider rsa;

    public ServerCredentials(JcaTlsCrypto crypto, KeyMaterial material) {
        this.crypto = crypto;
        this.key = material.privateKey();
        List<X509CertificateHolder> chain = material.chain();
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        CertificateEntry[] entries = new CertificateEntry[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
                entries[i] = new CertificateEntry(certs[i], null);
            }
        } catch (IOException e) {
            throw LabException.badInput("certificate in " + material.certFile() + " cannot be used: " + e.getMessage(),
                    "check it with openssl x509 -in " + material.certFile() + " -noout -text");
        }
        this.tls12Chain = new Certificate(certs);
        this.tls13Chain = new Certificate(TlsUtils.EMPTY_BYTES, entries);
        this.clientCertificates = material.clientCertificates();
        this.rsa = RsaProvider.get();
        this.decryptor = new ProviderDecryptor(crypto, tls12Chain, key, rsa);
    }

    /** Who does the RSA private operation of TLS_RSA handshakes. */
    public RsaProvider rsa() {
        return rsa;
    }

    /** The CAs a client's certificate must come from, or null when the server asks for none. */
    ClientCertificates clientCertificates() {
        return clientCertificates;
    }

    public JcaTlsCrypto crypto() {
        return crypto;
    }

    /** For TLS_RSA: the client's premaster secret is decrypted with key.pem. */
    public TlsCredentialedDecryptor decryptor() {
        return decryptor;
    }

    /** For ECDHE_RSA (TLS 1.2) and TLS 1.3: signs with key.pem, scheme chosen from the client's list. */
    public TlsCredentialedSigner signer(TlsContext context) {
        boolean tls13 = TlsUtils.isTLSv13(context);
        Vector<?> offered = context.getSecurityParametersHandshake().getClientSigAlgs();
        SignatureAndHashAlgorithm chosen = choose(tls13 ? TLS13_PREFERENCE : TLS12_PREFERENCE, offered);
        if (chosen == null) {
            return null; // BC answers handshake_failure: no common signature scheme
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                tls13 ? tls13Chain : tls12Chain, chosen);
    }

    private static SignatureAndHashAlgorithm choose(SignatureAndHashAlgorithm[] preference, Vector<?> offered) {
        if (offered == null || offered.isEmpty()) {
            // RFC 5246 7.4.1.4.1: a TLS 1.2 client without signature_algorithms accepts sha1/rsa.
            return preference[preference.length - 1].getSignature() == SignatureAlgorithm.rsa
                    ? preference[preference.length - 1] : null;
        }
        for (SignatureAndHashAlgorithm s : preference) {
            if (offered.contains(s)) {
                return s;
            }
        }
        return null;
    }
}
