package dev.ussllab.device.tls;

import dev.ussllab.profile.LabException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key and certificate chain the board presents when a server asks for a client certificate,
 * read the way the firmware reads {@code ssl.wrap_socket(sock, key=..., cert=...)}.
 *
 * <p>MicroPython's modssl_axtls.c (v1.22) hands the bytes to axTLS's
 * {@code ssl_obj_memory_load(SSL_OBJ_RSA_KEY)} and {@code (SSL_OBJ_X509_CERT)} and raises
 * {@code ValueError("invalid key")} / {@code ValueError("invalid cert")} when either fails. The
 * ESP8266 build has no PEM support (extmod/axtls-include/config.h: CONFIG_SSL_HAS_PEM undefined),
 * so both must be DER:
 * <ul>
 *   <li>key: axTLS asn1_get_private_key checks that byte 0 is a SEQUENCE and then reads modulus,
 *       public and private exponent as INTEGERs from the fixed offset 7 (a 4-byte SEQUENCE header
 *       and the 3-byte version INTEGER of a PKCS#1 RSAPrivateKey). A PKCS#8 key has an
 *       AlgorithmIdentifier SEQUENCE there, so it is "invalid key". CONFIG_BIGINT_CRT is off, so
 *       only n, e and d are used.</li>
 *   <li>cert: axTLS add_cert reads one X.509 certificate after the other from the buffer (up to
 *       CONFIG_SSL_MAX_CERTS = 3) and remembers each one's signature hash (SHA-1/256/384/512;
 *       anything else, MD5 say, gets hash 0, which no server lists). x509_new accepts only RSA
 *       public keys and RSA signature algorithms.</li>
 * </ul>
 * Without key= the firmware loads axTLS's built-in key and certificate instead
 * (modssl_axtls.c sets SSL_NO_DEFAULT_KEY only when a key is given; config.h has
 * CONFIG_SSL_USE_DEFAULT_KEY): {@link #axtlsDefault()}.
 */
public final class BoardCredentials {

    /** axTLS hash_alg codes (the TLS 1.2 HashAlgorithm numbers): 0 = none axTLS knows. */
    static final int HASH_NONE = 0;
    static final int HASH_SHA1 = 2;
    static final int HASH_SHA256 = 4;
    static final int HASH_SHA384 = 5;
    static final int HASH_SHA512 = 6;

    /** axTLS CONFIG_SSL_MAX_CERTS in MicroPython's extmod/axtls-include/config.h. */
    static final int MAX_CERTS = 3;

    /** RSA signature OIDs x509_new accepts, with the hash axTLS add_cert records for each. */
    private static final Map<String, Integer> RSA_SIGNATURES = Map.of(
            "1.2.840.113549.1.1.2", HASH_NONE, // md2WithRSAEncryption
            "1.2.840.113549.1.1.4", HASH_NONE, // md5WithRSAEncryption
            "1.2.840.113549.1.1.5", HASH_SHA1,
            "1.3.14.3.2.29", HASH_SHA1, // the old OIW sha1WithRSA
            "1.2.840.113549.1.1.11", HASH_SHA256,
            "1.2.840.113549.1.1.12", HASH_SHA384,
            "1.2.840.113549.1.1.13", HASH_SHA512);

    private static volatile BoardCredentials axtlsDefault;

    private final PrivateKey key;
    private final int keyBits;
    private final List<X509Certificate> chain;
    private final List<Integer> hashes;
    private final boolean builtIn;

    private BoardCredentials(PrivateKey key, int keyBits, List<X509Certificate> chain, List<Integer> hashes,
            boolean builtIn) {
        this.key = key;
        this.keyBits = keyBits;
        this.chain = List.copyOf(chain);
        this.hashes = List.copyOf(hashes);
        this.builtIn = builtIn;
    }

    /** The firmware refused key= or cert=: the message is the ValueError's text. */
    public static final class InvalidCredentials extends Exception {
        InvalidCredentials(String firmwareMessage) {
            super(firmwareMessage);
        }

        /** "invalid key" or "invalid cert", as MicroPython's ValueError says. */
        public String firmwareMessage() {
            return getMessage();
        }
    }

    /**
     * key= and cert= exactly as the firmware takes them (DER bytes: PKCS#1 RSA key, one to three
     * X.509 certificates back to back).
     *
     * @throws InvalidCredentials "invalid key" or "invalid cert", as the board raises ValueError
     */
    public static BoardCredentials fromFirmwareBytes(byte[] key, byte[] cert) throws InvalidCredentials {
        PrivateKey k = firmwareKey(key);
        if (k == null) {
            throw new InvalidCredentials("invalid key");
        }
        List<X509Certificate> chain = new ArrayList<>();
        List<Integer> hashes = new ArrayList<>();
        if (!firmwareCerts(cert, chain, hashes)) {
            throw new InvalidCredentials("invalid cert");
        }
        int bits = ((RSAPublicKey) chain.get(0).getPublicKey()).getModulus().bitLength();
        return new BoardCredentials(k, bits, chain, hashes, false);
    }

    /**
     * For the command line: PEM or DER files. PEM is unwrapped to the DER the firmware takes
     * (on the board, convert with {@code openssl rsa -outform DER} / {@code openssl x509 -outform DER}).
     *
     * @throws LabException BAD_INPUT naming the file and what to do
     */
    public static BoardCredentials load(Path keyFile, Path certFile) {
        byte[] key = derOf(keyFile, "--client-key", true);
        byte[] cert = derOf(certFile, "--client-cert", false);
        try {
            return fromFirmwareBytes(key, cert);
        } catch (InvalidCredentials e) {
            if (e.firmwareMessage().equals("invalid key")) {
                throw LabException.badInput("--client-key " + keyFile + " is not a PKCS#1 RSA private key"
                        + " (the board raises ValueError: invalid key)",
                        "convert it: openssl rsa -in " + keyFile + " -traditional -out board-key.pem");
            }
            throw LabException.badInput("--client-cert " + certFile + " is not an RSA X.509 certificate the board"
                    + " can load (ValueError: invalid cert; at most " + MAX_CERTS + " certificates, RSA keys and"
                    + " RSA signatures only)", "give the board an RSA certificate");
        }
    }

    /**
     * axTLS's built-in key and certificate, which the firmware presents when wrap_socket got no key.
     * The original (axTLS ssl/cert.h, ssl/private_key.h) is a 475-byte certificate for
     * "O=axTLS Project, CN=127.0.0.1" issued by "axTLS Project Dodgy Certificate Authority",
     * sha1WithRSAEncryption, RSA 1024 (the copy in esp8266/Arduino's ssl/cert.h). What matters
     * for the handshake is its SHA-1 signature (checked against the server's CertificateRequest)
     * and that no server trusts its issuer; this stand-in has both, made once per JVM.
     */
    public static BoardCredentials axtlsDefault() {
        BoardCredentials d = axtlsDefault;
        if (d == null) {
            synchronized (BoardCredentials.class) {
                if (axtlsDefault == null) {
                    axtlsDefault = makeDefault();
                }
                d = axtlsDefault;
            }
        }
        return d;
    }

    public PrivateKey key() {
        return key;
    }

    public int keyBits() {
        return keyBits;
    }

    /** The chain in the order it is sent (the board's own certificate first). */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Whether these are axTLS's built-in credentials (no key= given). */
    public boolean builtIn() {
        return builtIn;
    }

    /** The subject of the first certificate, RFC 2253. */
    public String subject() {
        return chain.get(0).getSubjectX500Principal().getName();
    }

    /** axTLS hash_alg of each certificate, in chain order. */
    List<Integer> hashes() {
        return hashes;
    }

    static String hashName(int hash) {
        return switch (hash) {
            case HASH_SHA1 -> "sha1";
            case HASH_SHA256 -> "sha256";
            case HASH_SHA384 -> "sha384";
            case HASH_SHA512 -> "sha512";
            default -> "md5/other";
        };
    }

    private static PrivateKey firmwareKey(byte[] der) {
        if (der == null || der.length < 8 || (der[0] & 0xff) != 0x30) {
            return null;
        }
        int[] offset = {7}; // asn1_get_private_key's fixed start
        BigInteger n = integer(der, offset);
        BigInteger e = integer(der, offset);
        BigInteger d = integer(der, offset);
        if (n == null || e == null || d == null || n.signum() <= 0 || d.signum() <= 0) {
            return null;
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(n, d));
        } catch (GeneralSecurityException ex) {
            return null;
        }
    }

    /** One DER INTEGER at offset[0] (short or long length form), or null. */
    private static BigInteger integer(byte[] der, int[] offset) {
        int i = offset[0];
        if (i + 2 > der.length || der[i] != 0x02) {
            return null;
        }
        i++;
        int len = der[i++] & 0xff;
        if (len > 0x80) {
            int n = len & 0x7f;
            if (n > 3 || i + n > der.length) {
                return null;
            }
            len = 0;
            for (int k = 0; k < n; k++) {
                len = len << 8 | der[i++] & 0xff;
            }
        } else if (len == 0x80) {
            return null;
        }
        if (len <= 0 || i + len > der.length) {
            return null;
        }
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOfRange(der, i, i + len));
        offset[0] = i + len;
        return v;
    }

    private static boolean firmwareCerts(byte[] der, List<X509Certificate> chain, List<Integer> hashes) {
        if (der == null || der.length == 0 || (der[0] & 0xff) != 0x30) {
            return false; // DER only: no PEM in the ESP8266 build (the JDK's parser would take PEM too)
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            while (in.available() > 0) {
                if (chain.size() == MAX_CERTS) {
                    return false; // add_cert: "maximum number of certs added"
                }
                X509Certificate c = (X509Certificate) cf.generateCertificate(in);
                Integer hash = RSA_SIGNATURES.get(c.getSigAlgOID());
                if (hash == null || !(c.getPublicKey() instanceof RSAPublicKey)) {
                    return false;
                }
                chain.add(c);
                hashes.add(hash);
            }
            return !chain.isEmpty();
        } catch (CertificateException | RuntimeException e) {
            return false;
        }
    }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    /** The file's DER: as is, or every PEM block of the expected kind concatenated. */
    private static byte[] derOf(Path file, String option, boolean key) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw LabException.badInput(option + " " + file + " does not exist", "check the path");
        } catch (IOException e) {
            throw LabException.badInput(option + " " + file + " cannot be read: " + e.getMessage(), null);
        }
        String text = new String(raw, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            return raw;
        }
        Matcher m = PEM.matcher(text);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (m.find()) {
            String kind = m.group(1);
            if (key && kind.equals("PRIVATE KEY")) {
                throw LabException.badInput(option + " " + file + " is a PKCS#8 key (BEGIN PRIVATE KEY); the board"
                        + " takes a PKCS#1 RSA key and raises ValueError: invalid key for this one",
                        "convert it: openssl rsa -in " + file + " -traditional -out board-key.pem");
            }
            if (key && kind.equals("ENCRYPTED PRIVATE KEY")) {
                throw LabException.badInput(option + " " + file + " is encrypted; the board takes a plain PKCS#1 RSA key",
                        "decrypt it: openssl rsa -in " + file + " -traditional -out board-key.pem");
            }
            if (key ? kind.equals("RSA PRIVATE KEY") : kind.equals("CERTIFICATE")) {
                out.writeBytes(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        if (out.size() == 0) {
            throw LabException.badInput(option + " " + file + " holds no " + (key ? "RSA PRIVATE KEY" : "CERTIFICATE")
                    + " PEM block", key ? "give the board's PKCS#1 RSA key (PEM or DER)" : "give the board's certificate (PEM or DER)");
        }
        return out.toByteArray();
    }

    private static BoardCredentials makeDefault() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            KeyPair ca = g.generateKeyPair();
            KeyPair device = g.generateKeyPair();
            // axTLS's dates: 2010-12-26 to 2024-09-03 (nobody checks them: no server trusts the issuer).
            Date from = new Date(1293402819000L);
            Date to = new Date(1725402819000L);
            var builder = new JcaX509v1CertificateBuilder(new X500Name("O=axTLS Project Dodgy Certificate Authority"),
                    BigInteger.ONE, from, to, new X500Name("O=axTLS Project,CN=127.0.0.1"),
                    device.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA1withRSA").build(ca.getPrivate())));
            return new BoardCredentials(device.getPrivate(), 1024, List.of(cert), List.of(HASH_SHA1), true);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make the stand-in for axTLS's built-in certificate", e);
        }
    }
}
