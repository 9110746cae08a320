package dev.ussllab.host.keys;

import dev.ussllab.profile.IoErrors;
import dev.ussllab.profile.LabException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The steps of judging a peer's chain that the host (--require-client-cert CAFILE, {@link
 * ClientCertificates}) and the bridge (--cafile, the upstream's chain) share: reading the CA file,
 * the JDK trust manager over it, and the peer's chain parsed from DER. Each caller names the file as
 * its user knows it, gives its own hints and words its own verdict; the checks are the same.
 */
public final class CaTrust {

    private CaTrust() {}

    /**
     * The certificates in file; a one-line error starting with named ("CA file x.pem") when it is
     * missing, unreadable, or holds none. missingHint and pemHint say what to give instead.
     */
    public static Collection<? extends Certificate> read(Path file, String named, String missingHint, String pemHint) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw LabException.badInput(named + " does not exist", missingHint);
        } catch (IOException e) {
            throw LabException.badInput(named + " cannot be read: " + IoErrors.words(e), "check the path and its permissions");
        } catch (CertificateException e) {
            throw LabException.badInput(named + " holds no readable certificate: " + e.getMessage(), pemHint);
        }
        if (certs.isEmpty()) {
            throw LabException.badInput(named + " holds no certificate", pemHint);
        }
        return certs;
    }

    /** An in-memory key store of the platform's type holding certs as trusted entries. */
    public static KeyStore trustStore(Collection<? extends Certificate> certs) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        return ks;
    }

    /** The JDK's PKIX trust manager over ks (null: the JDK's own trust store); null if it has none. */
    public static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager m : f.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        return null;
    }

    /** A peer's chain as TLS carries it (leaf first, DER), for the trust manager. */
    public static X509Certificate[] chain(List<byte[]> der) throws CertificateException {
        X509Certificate[] chain = new X509Certificate[der.size()];
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (int i = 0; i < chain.length; i++) {
            chain[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der.get(i)));
        }
        return chain;
    }
}
