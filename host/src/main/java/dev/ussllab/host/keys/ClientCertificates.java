package dev.ussllab.host.keys;

import dev.ussllab.profile.LabException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The CAs whose client certificates a server accepts (host --require-client-cert CAFILE), and the
 * judgement of a client's chain with the alert OpenSSL's s_server -Verify -verify_return_error
 * sends for each failure (checked against OpenSSL 3.0: an unknown issuer or a self-signed
 * certificate -> unknown_ca, an expired one -> certificate_expired).
 */
public final class ClientCertificates {

    /** What was wrong with a client's chain and the alert to answer it with (AlertDescription codes). */
    public record Refusal(short alert, String reason) {}

    /** RFC 5246 7.2.2 alert numbers, as OpenSSL sends them for these verification errors. */
    static final short UNKNOWN_CA = 48;
    static final short CERTIFICATE_EXPIRED = 45;
    static final short BAD_CERTIFICATE = 42;

    private final Path file;
    private final X509TrustManager manager;
    private final List<X500Name> names;

    private ClientCertificates(Path file, X509TrustManager manager, List<X500Name> names) {
        this.file = file;
        this.manager = manager;
        this.names = List.copyOf(names);
    }

    /** Loads the CA certificate(s), PEM or DER; a one-line error names the file when it cannot. */
    public static ClientCertificates load(Path file) {
        Collection<? extends java.security.cert.Certificate> certs = CaTrust.read(file, "CA file " + file,
                "give the PEM certificate of the CA that signs the boards' certificates (ussl-lab keygen --ca makes one)",
                "give a PEM certificate (-----BEGIN CERTIFICATE-----)");
        try {
            KeyStore ks = CaTrust.trustStore(certs);
            List<X500Name> names = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                names.add(X500Name.getInstance(((X509Certificate) c).getSubjectX500Principal().getEncoded()));
            }
            X509TrustManager x = CaTrust.trustManager(ks);
            if (x == null) {
                throw new GeneralSecurityException("no X.509 trust manager");
            }
            return new ClientCertificates(file, x, names);
        } catch (IOException | GeneralSecurityException e) {
            throw LabException.badInput("CA file " + file + " cannot be used: " + e.getMessage(), "give PEM CA certificates");
        }
    }

    public Path file() {
        return file;
    }

    /** The CAs' names, sent in the CertificateRequest (as s_server -CAfile does). */
    public List<X500Name> authorities() {
        return names;
    }

    /** Null when the chain (leaf first, DER) is trusted for a TLS client, else why not. */
    public Refusal check(List<byte[]> chainDer) {
        X509Certificate[] chain;
        try {
            chain = CaTrust.chain(chainDer);
        } catch (CertificateException e) {
            return new Refusal(BAD_CERTIFICATE, "client certificate cannot be parsed: " + e.getMessage());
        }
        try {
            manager.checkClientTrusted(chain, "RSA");
            return null;
        } catch (CertificateException e) {
            boolean expired = false;
            for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
                expired |= t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException;
            }
            String who = chain[0].getSubjectX500Principal().getName();
            return expired ? new Refusal(CERTIFICATE_EXPIRED, "client certificate " + who + " is outside its validity")
                    : new Refusal(UNKNOWN_CA, "client certificate " + who + " (issuer "
                            + chain[0].getIssuerX500Principal().getName() + ") is not signed by a CA in " + file);
        }
    }

    /** The leaf's subject as OpenSSL prints it in one line (RFC 2253 order). */
    public static String subject(byte[] leafDer) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(leafDer));
            return c.getSubjectX500Principal().getName();
        } catch (CertificateException e) {
            return "?";
        }
    }
}
