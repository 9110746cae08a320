package dev.ussllab.device.tls;

import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;

/**
 * What axTLS (micropython/axtls ssl/tls1_clnt.c, ssl/tls1.c) does when a TLS 1.2 server sends a
 * CertificateRequest:
 * <ol>
 *   <li>process_cert_req keeps only the request's RSA PKCS#1 signature algorithms whose hash is
 *       SHA-1, SHA-256, SHA-384 or SHA-512 ("we will send back an RSA certificate anyway"); the
 *       certificate types and the CA names are not looked at.</li>
 *   <li>At ServerHelloDone, send_certificate runs check_certificate_chain: every certificate the
 *       board holds (its own from cert=, or axTLS's built-in one when wrap_socket got no key) must
 *       be signed with one of those hashes, else SSL_ERROR_INVALID_CERT_HASH_ALG (-267) before
 *       anything is sent. ssl_read then sends the alert send_alert maps -267 to:
 *       SSL_ALERT_UNSUPPORTED_CERTIFICATE (43). A board never answers with an empty Certificate:
 *       without key= it has the built-in SHA-1 certificate, which OpenSSL 3 servers at their
 *       default security level never accept (their CertificateRequest lists no rsa_pkcs1_sha1), so
 *       against {@code openssl s_server -verify 1} and {@code -Verify 1} it fails with
 *       {@code OSError: (-267, 'INVALID_CERT_HASH_ALG')} (issue 11 §3 reports the same code; it
 *       names the alert bad_certificate, the source sends unsupported_certificate, as the server
 *       side of MicroPython issue #10372 also observed).</li>
 *   <li>Otherwise it sends the chain, the ClientKeyExchange and a CertificateVerify that
 *       send_cert_verify always signs as rsa+sha256 (SIG_ALG_SHA256, SIG_ALG_RSA), whatever the
 *       request listed.</li>
 * </ol>
 */
final class AxtlsClientAuth {

    /** The -267 failure, raised where axTLS raises it; Bouncy Castle sends the alert. */
    static final class InvalidCertHashAlg extends TlsFatalAlert {
        private final String hash;

        InvalidCertHashAlg(String hash) {
            super(AlertDescription.unsupported_certificate,
                    "the board's certificate is signed with " + hash + ", which the CertificateRequest does not list");
            this.hash = hash;
        }

        /** The hash of the board's certificate that the server did not list. */
        String hash() {
            return hash;
        }
    }

    private AxtlsClientAuth() {}

    /** process_cert_req + check_certificate_chain. */
    static void checkChain(BoardCredentials credentials, List<Integer> requestedSigAlgs) throws InvalidCertHashAlg {
        for (int hash : credentials.hashes()) {
            boolean listed = false;
            for (int code : requestedSigAlgs) {
                int h = code >>> 8;
                int sig = code & 0xff;
                if (sig == SignatureAlgorithm.rsa && h == hash && hash != BoardCredentials.HASH_NONE) {
                    listed = true;
                    break;
                }
            }
            if (!listed) {
                throw new InvalidCertHashAlg(BoardCredentials.hashName(hash));
            }
        }
    }

    /** The chain as sent, and a CertificateVerify signed rsa+sha256 as send_cert_verify does. */
    static TlsCredentialedSigner signer(TlsContext context, BoardCredentials credentials) throws IOException {
        List<X509Certificate> chain = credentials.chain();
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = LabCrypto.sharedJca().createCertificate(chain.get(i).getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "the board's certificate cannot be encoded", e);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), LabCrypto.sharedJca(),
                credentials.key(), new Certificate(certs),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
    }
}
