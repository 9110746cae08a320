package dev.ussllab.device.tls;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates in a PEM file (the seed's cert.pem), trusted as anchors the way
 * load_verify_locations('cert.pem') does: a server chain is accepted when its end certificate is
 * one of them or is signed by one of them, and is within its validity dates. No hostname check
 * (the seed sets check_hostname = False).
 */
public final class TrustedCertificates {

    private final Path file;
    private final List<X509Certificate> anchors;

    private TrustedCertificates(Path file, List<X509Certificate> anchors) {
        this.file = file;
        this.anchors = anchors;
    }

    /** Loads the file; BAD_INPUT naming it when it is missing, unreadable or holds no certificate. */
    public static TrustedCertificates load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw LabException.badInput("CA file " + file + " does not exist",
                    "pass the server's certificate with --cafile (e.g. the cert.pem the host uses)");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (IOException e) {
            throw LabException.badInput("cannot read CA file " + file + ": " + e.getMessage(),
                    "check the file's permissions");
        } catch (CertificateException e) {
            certs.clear();
        }
        if (certs.isEmpty()) {
            throw LabException.badInput("CA file " + file + " holds no PEM certificate",
                    "pass a file with -----BEGIN CERTIFICATE----- blocks (e.g. cert.pem from ussl-lab keygen)");
        }
        return new TrustedCertificates(file, List.copyOf(certs));
    }

    public Path file() {
        return file;
    }

    /** Whether the server's end certificate is trusted (chain order: end certificate first). */
    boolean trusts(X509Certificate endCertificate, Date now) {
        try {
            endCertificate.checkValidity(now);
        } catch (CertificateException e) {
            return false;
        }
        for (X509Certificate anchor : anchors) {
            if (anchor.equals(endCertificate)) {
                return true;
            }
            if (anchor.getSubjectX500Principal().equals(endCertificate.getIssuerX500Principal())) {
                try {
                    endCertificate.verify(anchor.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // not signed by this anchor: try the next one
                }
            }
        }
        return false;
    }

    /** A JDK trust manager over the same anchors, for the SSLSocket-based profiles. */
    X509TrustManager trustManager() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : anchors) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager from " + file, e);
        }
    }
}
