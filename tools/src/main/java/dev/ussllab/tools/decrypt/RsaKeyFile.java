package dev.ussllab.tools.decrypt;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Loads an RSA private key from PEM: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). A small
 * loader of our own because the decryptor needs only this; encrypted keys are refused with a hint.
 */
final class RsaKeyFile {

    private RsaKeyFile() {}

    static RSAPrivateCrtKey load(Path file) {
        Object pem;
        try (Reader r = Files.newBufferedReader(file)) {
            pem = new PEMParser(r).readObject();
        } catch (NoSuchFileException e) {
            throw LabException.badInput("key file " + file + " does not exist", "check the --key path");
        } catch (IOException | RuntimeException e) {
            throw LabException.badInput("key file " + file + " is not PEM: " + e.getMessage(),
                    "give the server's RSA private key in PEM (PKCS#8 or PKCS#1)");
        }
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw LabException.badInput("key file " + file + " is encrypted",
                    "decrypt it first: openssl pkey -in " + file + " -out plain.pem");
        }
        PrivateKey key;
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (pem instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw LabException.badInput("key file " + file + " holds no private key"
                        + (pem == null ? "" : " (found " + pem.getClass().getSimpleName() + ")"),
                        "give the server's RSA private key in PEM (PKCS#8 or PKCS#1)");
            }
        } catch (IOException e) {
            throw LabException.badInput("key file " + file + " cannot be read as a key: " + e.getMessage(),
                    "give the server's RSA private key in PEM (PKCS#8 or PKCS#1)");
        }
        if (key instanceof RSAPrivateCrtKey rsa) {
            return rsa;
        }
        throw LabException.badInput("key file " + file + " holds a " + key.getAlgorithm() + " key, not RSA",
                "only TLS_RSA key exchange can be decrypted with a key; give a key log for the rest");
    }
}
