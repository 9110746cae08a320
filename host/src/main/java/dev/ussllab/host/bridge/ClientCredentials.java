package dev.ussllab.host.bridge;

import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** The client certificate the bridge shows an upstream that asks for one (--client-key, --client-cert). */
final class ClientCredentials {

    /** RSA-PSS first (all TLS 1.3 allows for RSA, RFC 8446 4.2.3), PKCS#1 v1.5 for TLS 1.2 servers. */
    private static final SignatureAndHashAlgorithm[] TLS12 = {
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha384,
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa),
    };
    private static final SignatureAndHashAlgorithm[] TLS13 = {
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha384,
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha512,
    };

    private final JcaTlsCrypto crypto;
    private final PrivateKey key;
    private final TlsCertificate[] certs;

    ClientCredentials(JcaTlsCrypto crypto, KeyMaterial material) {
        this.crypto = crypto;
        this.key = material.privateKey();
        List<X509CertificateHolder> chain = material.chain();
        this.certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (IOException e) {
            throw LabException.badInput("client certificate in " + material.certFile() + " cannot be used: " + e.getMessage(),
                    "check it with openssl x509 -in " + material.certFile() + " -noout -text");
        }
    }

    /** The signer for this request, or null (an empty Certificate) when no scheme fits. */
    TlsCredentialedSigner signer(TlsContext context, CertificateRequest request) {
        boolean tls13 = TlsUtils.isTLSv13(context);
        Vector<?> offered = request.getSupportedSignatureAlgorithms();
        SignatureAndHashAlgorithm chosen = null;
        for (SignatureAndHashAlgorithm s : tls13 ? TLS13 : TLS12) {
            if (offered == null || offered.contains(s)) {
                chosen = s;
                break;
            }
        }
        if (chosen == null) {
            return null;
        }
        Certificate chain;
        if (tls13) {
            CertificateEntry[] entries = new CertificateEntry[certs.length];
            for (int i = 0; i < certs.length; i++) {
                entries[i] = new CertificateEntry(certs[i], null);
            }
            chain = new Certificate(request.getCertificateRequestContext(), entries);
        } else {
            chain = new Certificate(certs);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key, chain, chosen);
    }
}
