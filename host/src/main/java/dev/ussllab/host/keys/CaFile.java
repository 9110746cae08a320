package dev.ussllab.host.keys;

import dev.ussllab.profile.IoErrors;
import dev.ussllab.profile.LabException;
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
import java.util.Collection;

/**
 * A file of CA certificates (PEM or DER, one or many) that a trust decision is made against: the
 * host's --require-client-cert CAFILE and the bridge's --cafile. Each caller names the file as its
 * user knows it and gives its own hints; the checks and the shape of the errors are the same.
 */
public final class CaFile {

    private CaFile() {}

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
}
