package dev.ussllab.host.keys;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A server's RSA private key and certificate chain, loaded from PEM files (what keygen or
 * openssl writes). Every problem is a one-line error naming the file, checked before any socket
 * is opened, so a host never starts with credentials that fail at the first handshake.
 */
public final class KeyMaterial {

    private final PrivateKey privateKey;
    private final List<X509CertificateHolder> chain;
    private final Path keyFile;
    private final Path certFile;
    private final ClientCertificates clientCertificates;

    private KeyMaterial(PrivateKey privateKey, List<X509CertificateHolder> chain, Path keyFile, Path certFile,
            ClientCertificates clientCertificates) {
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.keyFile = keyFile;
        this.certFile = certFile;
        this.clientCertificates = clientCertificates;
    }

    /**
     * The same key and certificate, for a server that requires a client certificate signed by
     * one of these CAs (host --require-client-cert): like a JSSE SSLContext, a server's
     * credentials include whom it trusts.
     */
    public KeyMaterial requireClientCertificates(ClientCertificates cas) {
        return new KeyMaterial(privateKey, chain, keyFile, certFile, cas);
    }

    /** The CAs client certificates must come from, or null when none is asked for. */
    public ClientCertificates clientCertificates() {
        return clientCertificates;
    }

    /** Loads a PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY") key and the certificate(s). */
    public static KeyMaterial load(Path keyFile, Path certFile) {
        RSAPrivateKey key = loadRsaKey(keyFile);
        List<X509CertificateHolder> chain = loadChain(certFile);
        BigInteger keyModulus = key.getModulus();
        BigInteger certModulus = modulusOf(chain.get(0).getSubjectPublicKeyInfo(), certFile);
        if (!keyModulus.equals(certModulus)) {
            throw LabException.badInput("the key in " + keyFile + " does not match the certificate in " + certFile
                    + " (different RSA modulus)", "use the key.pem written together with this cert.pem, or run ussl-lab keygen --force");
        }
        return new KeyMaterial(key, chain, keyFile, certFile, null);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The server certificate first, then any intermediates in file order. */
    public List<X509CertificateHolder> chain() {
        return chain;
    }

    public Path keyFile() {
        return keyFile;
    }

    public Path certFile() {
        return certFile;
    }

    /**
     * The RSA private key alone, PKCS#8 or PKCS#1 PEM (what a host serves with, and what decrypt
     * needs for RSA key exchange); the first key in the file, after anything else PEM holds.
     */
    public static RSAPrivateKey loadRsaKey(Path file) {
        RSAPrivateKey plain = PlainRsaKeyPem.read(file);
        if (plain != null) {
            return plain;
        }
        List<Object> objects = readPem(file, "key");
        for (Object o : objects) {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                throw LabException.badInput(file + " holds an encrypted private key (a passphrase is set)",
                        "write it unencrypted: openssl rsa -in " + file + " -out key-plain.pem, or create keys with -nodes / ussl-lab keygen");
            }
            PrivateKeyInfo info = o instanceof PEMKeyPair kp ? kp.getPrivateKeyInfo()
                    : o instanceof PrivateKeyInfo pki ? pki : null;
            if (info != null) {
                PrivateKey key;
                try {
                    key = new JcaPEMKeyConverter().getPrivateKey(info);
                } catch (IOException | RuntimeException e) {
                    throw LabException.badInput(file + " holds a private key that cannot be read: " + e.getMessage(),
                            "check it with openssl pkey -in " + file + " -noout");
                }
                if (!(key instanceof RSAPrivateKey rsa)) {
                    throw LabException.badInput(file + " holds a " + key.getAlgorithm() + " key, not RSA",
                            "the ESP8266 speaks only RSA key exchange, the only kind a key decrypts; create an RSA key with"
                                    + " ussl-lab keygen, or decrypt with a key log");
                }
                return rsa;
            }
        }
        throw LabException.badInput(file + " holds no private key (no BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY block)",
                "give the key file with --key (the one written by -keyout / ussl-lab keygen)");
    }

    private static List<X509CertificateHolder> loadChain(Path file) {
        List<X509CertificateHolder> chain = new ArrayList<>();
        for (Object o : readPem(file, "certificate")) {
            if (o instanceof X509CertificateHolder c) {
                chain.add(c);
            }
        }
        if (chain.isEmpty()) {
            throw LabException.badInput(file + " holds no certificate (no BEGIN CERTIFICATE block)",
                    "give the certificate with --cert (the one written by -out / ussl-lab keygen)");
        }
        return chain;
    }

    private static BigInteger modulusOf(SubjectPublicKeyInfo spki, Path file) {
        try {
            return org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
        } catch (IOException | RuntimeException e) {
            throw LabException.badInput("the certificate in " + file + " does not hold an RSA public key",
                    "the ESP8266 speaks only RSA key exchange: create an RSA certificate with ussl-lab keygen");
        }
    }

    private static List<Object> readPem(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw LabException.badInput(what + " file " + file + " does not exist",
                    "check the path; ussl-lab keygen creates key.pem and cert.pem");
        } catch (AccessDeniedException e) {
            throw LabException.badInput(what + " file " + file + " is not readable (permission denied)",
                    "run as the file's owner or fix its mode (chmod 600 for a key)");
        } catch (IOException e) {
            throw LabException.badInput(what + " file " + file + " cannot be read: " + e.getMessage(),
                    "give a regular PEM file");
        }
        List<Object> out = new ArrayList<>();
        try (Reader r = new StringReader(text); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw LabException.badInput(what + " file " + file + " is not valid PEM: " + e.getMessage(),
                    "give a PEM file as openssl writes it (-----BEGIN ...-----)");
        }
        if (out.isEmpty()) {
            throw LabException.badInput(what + " file " + file + " is not PEM (no -----BEGIN line)",
                    "give a PEM file as openssl writes it; convert DER with openssl x509 -inform der");
        }
        return out;
    }
}
