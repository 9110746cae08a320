package dev.ussllab.host.keys;

import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed RSA certificate and its key: what
 * {@code openssl req -x509 -newkey rsa:2048 -days 1825 -nodes -out cert.pem -keyout key.pem} makes,
 * built in the style of okhttp's HeldCertificate. Defaults follow that command and the
 * {@code [v3_ca]} section of Debian's /etc/ssl/openssl.cnf (OpenSSL 3.0): 2048 bits, 1825 days,
 * SHA256withRSA, a 159-bit random serial, subjectKeyIdentifier, authorityKeyIdentifier,
 * critical basicConstraints CA:TRUE.
 */
public final class SelfSignedCertificate {

    /** openssl.cnf default_bits; the ESP8266 handles 2048-bit RSA (4096 makes its handshake slow). */
    public static final int DEFAULT_BITS = 2048;
    /** The seed's -days 1825 (five years). */
    public static final int DEFAULT_DAYS = 1825;
    /** openssl asks for the fields and leaves CN empty; a lab certificate names the loopback host. */
    public static final String DEFAULT_SUBJECT = "CN=localhost";
    /** Below 1024 bits JDK and OpenSSL security levels refuse the key outright. */
    static final int MIN_BITS = 1024;
    static final int MAX_BITS = 8192;
    /** OpenSSL 3 writes 20 random bytes with the top bit cleared (positive, at most 159 bits). */
    private static final int SERIAL_BITS = 159;

    private final KeyPair keyPair;
    private final X509CertificateHolder certificate;

    private SelfSignedCertificate(KeyPair keyPair, X509CertificateHolder certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509CertificateHolder certificate() {
        return certificate;
    }

    /** The key as OpenSSL 3 writes it: unencrypted PKCS#8, "-----BEGIN PRIVATE KEY-----". */
    public String privateKeyPem() {
        try {
            return pem(new JcaPKCS8Generator(keyPair.getPrivate(), null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The key as a board takes it: PKCS#1 ("-----BEGIN RSA PRIVATE KEY-----", openssl genrsa
     * -traditional). MicroPython's axTLS reads only PKCS#1 and says "invalid key" to PKCS#8.
     */
    public String privateKeyPkcs1Pem() {
        return pem(keyPair.getPrivate());
    }

    /** The PKCS#1 key in DER: the bytes ssl.wrap_socket(key=...) takes on the ESP8266. */
    public byte[] privateKeyPkcs1Der() {
        try {
            return org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded())
                    .parsePrivateKey().toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate in DER: the bytes ssl.wrap_socket(cert=...) takes on the ESP8266. */
    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate, "-----BEGIN CERTIFICATE-----". */
    public String certificatePem() {
        return pem(certificate);
    }

    private static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** Fluent options; every one has openssl's default. */
    public static final class Builder {
        private int bits = DEFAULT_BITS;
        private int days = DEFAULT_DAYS;
        private String subject = DEFAULT_SUBJECT;
        private SubjectAltNames altNames = SubjectAltNames.defaults(null);
        private KeyPair keyPair;
        private Instant notBefore;
        private BigInteger serial;
        private SecureRandom random;
        private boolean ca;
        private java.security.PrivateKey issuerKey;
        private X509CertificateHolder issuerCert;

        /**
         * A CA certificate (openssl req -x509 with v3_ca): CA:TRUE, keyCertSign and cRLSign, no
         * names; it signs client and server certificates through {@link #signedBy}.
         */
        public Builder ca() {
            this.ca = true;
            return this;
        }

        /**
         * Issued by this CA instead of self-signed (openssl x509 -req -CA -CAkey with a v3
         * end-entity profile): CA:FALSE, digitalSignature and keyEncipherment, extended key
         * usage clientAuth and serverAuth, so one kind of certificate serves a board logging in to
         * a broker and a host alike.
         */
        public Builder signedBy(java.security.PrivateKey caKey, X509CertificateHolder caCert) {
            this.issuerKey = caKey;
            this.issuerCert = caCert;
            return this;
        }

        public Builder rsa(int bits) {
            if (bits < MIN_BITS || bits > MAX_BITS || bits % 8 != 0) {
                throw LabException.badInput("RSA key size " + bits + " is not usable",
                        "use a multiple of 8 from " + MIN_BITS + " to " + MAX_BITS + " (openssl's default is 2048)");
            }
            this.bits = bits;
            return this;
        }

        public Builder validityDays(int days) {
            if (days < 1) {
                throw LabException.badInput("validity of " + days + " days is not usable", "give --days 1 or more (default 1825)");
            }
            this.days = days;
            return this;
        }

        /** An X.500 name such as "CN=localhost,O=lab" or openssl's "/CN=localhost/O=lab". */
        public Builder subject(String dn) {
            this.subject = dn;
            return this;
        }

        public Builder altNames(SubjectAltNames names) {
            this.altNames = names;
            return this;
        }

        /** Use this key instead of generating one (golden tests; re-issuing a certificate). */
        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        /** Fixes the start of validity (default: now, as openssl). */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        public Builder serialNumber(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        public SelfSignedCertificate build() {
            SecureRandom rnd = random != null ? random : new SecureRandom();
            X500Name name = parseName(subject);
            try {
                KeyPair kp = keyPair != null ? keyPair : random != null ? generate(bits, rnd) : RsaProvider.get().generateKeyPair(bits);
                Instant start = notBefore != null ? notBefore : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                Instant end = start.plus(Duration.ofDays(days));
                BigInteger sn = serial != null ? serial : new BigInteger(SERIAL_BITS, rnd);
                X500Name issuer = issuerCert != null ? issuerCert.getSubject() : name;
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        issuer, sn, Date.from(start), Date.from(end), name, kp.getPublic());
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
                b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pub));
                if (issuerCert != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(issuerCert.getSubjectPublicKeyInfo()));
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    b.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                            new org.bouncycastle.asn1.x509.KeyPurposeId[] {
                                org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth,
                                org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth}));
                    if (!altNames.isEmpty()) {
                        b.addExtension(Extension.subjectAlternativeName, false, altNames.toGeneralNames());
                    }
                    return new SelfSignedCertificate(kp, b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
                }
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(pub));
                if (ca) {
                    // A CA names no host: openssl's v3_ca has no subjectAltName.
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                    return new SelfSignedCertificate(kp, b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
                }
                // openssl's v3_ca: a self-signed certificate is its own CA; clients trust it directly.
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                // digitalSignature for ECDHE/TLS 1.3 signing, keyEncipherment for TLS_RSA (Bouncy
                // Castle and Java refuse TLS_RSA without it); keyCertSign because CA:TRUE
                // (OpenSSL's strict mode, Python 3.13's default, rejects a CA without it).
                b.addExtension(Extension.keyUsage, false, new KeyUsage(
                        KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
                if (!altNames.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, altNames.toGeneralNames());
                }
                X509CertificateHolder cert = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
                return new SelfSignedCertificate(kp, cert);
            } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
                throw new LabException(LabException.Kind.FAILURE, "could not create the certificate: " + e.getMessage(),
                        "report this with USSL_LAB_VERBOSE=1", e);
            }
        }

        /** With the random source a caller chose; without one, {@link RsaProvider#generateKeyPair}. */
        private static KeyPair generate(int bits, SecureRandom rnd) throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, rnd);
            return g.generateKeyPair();
        }

        private static X500Name parseName(String dn) {
            String s = dn == null ? "" : dn.trim();
            if (s.startsWith("/")) {
                // openssl -subj style: /C=AU/CN=x -> C=AU,CN=x
                s = String.join(",", s.substring(1).split("/"));
            }
            try {
                X500Name name = new X500Name(s);
                if (name.getRDNs().length == 0) {
                    throw new IllegalArgumentException("empty");
                }
                return name;
            } catch (IllegalArgumentException e) {
                throw LabException.badInput("subject '" + dn + "' is not a distinguished name",
                        "write e.g. --subject CN=localhost,O=lab or /CN=localhost/O=lab");
            }
        }
    }
}
