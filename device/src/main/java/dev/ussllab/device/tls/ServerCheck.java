package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile.Verification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;

/** The server-certificate check a profile asks for, as a Bouncy Castle TlsAuthentication. */
final class ServerCheck {

    private ServerCheck() {}

    static TlsAuthentication of(Verification verification, TrustedCertificates trusted) {
        if (verification == Verification.NONE) {
            // axTLS on the ESP8266 validates nothing: any certificate, any name.
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {}
            };
        }
        if (trusted == null) {
            throw new IllegalStateException("this profile verifies the server: it needs a CA file");
        }
        return new ServerOnlyTlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                if (chain == null || chain.isEmpty()) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server sent no certificate");
                }
                X509Certificate end = x509(chain.getCertificateAt(0).getEncoded());
                if (!trusted.trusts(end, new Date())) {
                    // OpenSSL's choice for an untrusted self-signed chain (X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT).
                    throw new TlsFatalAlert(AlertDescription.unknown_ca,
                            "certificate " + end.getSubjectX500Principal() + " is not trusted by " + trusted.file());
                }
            }
        };
    }

    private static X509Certificate x509(byte[] der) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unparsable server certificate", e);
        }
    }
}
