package dev.ussllab.host.decrypt;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;

/** RSA key exchange (RFC 5246 7.4.7.1): the premaster secret, and whether a key fits a certificate. */
final class RsaPremaster {

    /** A TLS premaster secret is client_version (2) + 46 random bytes. */
    static final int LENGTH = 48;

    private RsaPremaster() {}

    /** The 48-byte premaster, or null when this key cannot decrypt it. */
    static byte[] decrypt(RSAPrivateKey key, byte[] encrypted) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.DECRYPT_MODE, key);
            byte[] pm = c.doFinal(encrypted);
            return pm.length == LENGTH ? pm : null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** True when the certificate's RSA public key has the private key's modulus. */
    static boolean matches(RSAPrivateKey key, byte[] certificateDer) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
            return cert.getPublicKey() instanceof RSAPublicKey pub && pub.getModulus().equals(key.getModulus());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
