package dev.ussllab.profile.tls;

import java.security.AlgorithmParameterGenerator;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA look-ups of {@link LabCrypto}'s TLS back-end: the registered providers, with the Bouncy
 * Castle provider registered (last, as before) the first time they lack an algorithm.
 *
 * <p>Why not at start: building the BC provider loads and wires up ~1,000 classes (every cipher,
 * digest and curve it knows), about a second of a short command's start-up on a loaded 2-core
 * machine, and the emulated board's TLS 1.2 with RSA key exchange needs nothing the JDK lacks.
 * Servers answering TLS 1.3 or ECDHE clients ask for what only BC names (its RSASSA-PSS and
 * ECDSA signature names), and get it here as they did when BC was registered up front.
 */
class JdkFirstHelper extends DefaultJcaJceHelper {

    /**
     * BC's name for the ClientKeyExchange encryption, which the JDK lacks (its RSA cipher has the
     * ECB mode only). JcaTlsCrypto.createRSAEncryptionCipher retries "RSA/ECB/PKCS1Padding" (the
     * same PKCS#1 v1.5 encryption) when this fails, so the miss needs no BC: it is the only one a
     * TLS_RSA client meets (found by logging every miss of device, client and host runs).
     */
    static final String RSA_NONE_PKCS1 = "RSA/NONE/PKCS1Padding";

    /** Registers the BC provider unless it is; true if this call added it (worth a retry). */
    static boolean registerBouncyCastle() {
        synchronized (JdkFirstHelper.class) {
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) != null) {
                return false;
            }
            // Last in the list: the JDK's own providers (with AES-NI) stay the first choice.
            Security.addProvider(new BouncyCastleProvider());
            return true;
        }
    }

    /** The registered BC provider, registering it if needed. */
    static Provider bouncyCastle() {
        registerBouncyCastle();
        return Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }

    @Override
    public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
        try {
            return super.createCipher(algorithm);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            if (!algorithm.equalsIgnoreCase(RSA_NONE_PKCS1) && registerBouncyCastle()) {
                return super.createCipher(algorithm);
            }
            throw e;
        }
    }

    @Override
    public Mac createMac(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createMac(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createMac(algorithm);
            }
            throw e;
        }
    }

    @Override
    public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createKeyAgreement(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createKeyAgreement(algorithm);
            }
            throw e;
        }
    }

    @Override
    public AlgorithmParameterGenerator createAlgorithmParameterGenerator(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createAlgorithmParameterGenerator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createAlgorithmParameterGenerator(algorithm);
            }
            throw e;
        }
    }

    @Override
    public AlgorithmParameters createAlgorithmParameters(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createAlgorithmParameters(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createAlgorithmParameters(algorithm);
            }
            throw e;
        }
    }

    @Override
    public KeyGenerator createKeyGenerator(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createKeyGenerator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createKeyGenerator(algorithm);
            }
            throw e;
        }
    }

    @Override
    public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createKeyFactory(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createKeyFactory(algorithm);
            }
            throw e;
        }
    }

    @Override
    public SecretKeyFactory createSecretKeyFactory(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createSecretKeyFactory(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createSecretKeyFactory(algorithm);
            }
            throw e;
        }
    }

    @Override
    public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createKeyPairGenerator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createKeyPairGenerator(algorithm);
            }
            throw e;
        }
    }

    @Override
    public MessageDigest createMessageDigest(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createMessageDigest(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createMessageDigest(algorithm);
            }
            throw e;
        }
    }

    @Override
    public MessageDigest createDigest(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createDigest(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createDigest(algorithm);
            }
            throw e;
        }
    }

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createSignature(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createSignature(algorithm);
            }
            throw e;
        }
    }

    @Override
    public CertificateFactory createCertificateFactory(String type) throws CertificateException {
        try {
            return super.createCertificateFactory(type);
        } catch (CertificateException e) {
            if (registerBouncyCastle()) {
                return super.createCertificateFactory(type);
            }
            throw e;
        }
    }

    @Override
    public SecureRandom createSecureRandom(String algorithm) throws NoSuchAlgorithmException {
        try {
            return super.createSecureRandom(algorithm);
        } catch (NoSuchAlgorithmException e) {
            if (registerBouncyCastle()) {
                return super.createSecureRandom(algorithm);
            }
            throw e;
        }
    }
}
