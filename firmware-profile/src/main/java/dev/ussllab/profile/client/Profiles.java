package dev.ussllab.profile.client;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.TlsClientProfile.Engine;
import dev.ussllab.profile.client.TlsClientProfile.ErrorStyle;
import dev.ussllab.profile.client.TlsClientProfile.RandomPrefix;
import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.tls.LabCrypto;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;

/** The built-in client profiles, by name. */
public final class Profiles {

    public static final String ESP8266 = "esp8266-micropython";
    public static final String PYTHON_KRSA = "python-krsa";
    public static final String JAVA_DEFAULT = "java-default";
    public static final String JAVA_TLS12_KRSA = "java-tls12-krsa";
    public static final String BC_DEFAULT = "bc-default";

    /** Largest record the ESP8266 build receives: RT_MAX_PLAIN_LENGTH 1024 + RT_EXTRA 4096 - 5-byte header (esp8266-ussl-profile.md). */
    public static final int ESP8266_RECORD_LIMIT = 1024 + 4096 - 5;
    /** Most plaintext the ESP8266 build writes per record: RT_MAX_PLAIN_LENGTH (esp8266-ussl-profile.md). */
    public static final int ESP8266_WRITE_RECORD = 1024;

    private static final Map<String, Supplier<TlsClientProfile>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put(ESP8266, Profiles::esp8266);
        BUILT_IN.put(PYTHON_KRSA, Profiles::pythonKrsa);
        BUILT_IN.put(JAVA_DEFAULT, () -> jdk(JAVA_DEFAULT, false));
        BUILT_IN.put(JAVA_TLS12_KRSA, () -> jdk(JAVA_TLS12_KRSA, true));
        BUILT_IN.put(BC_DEFAULT, Profiles::bcDefault);
    }

    private Profiles() {}

    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    public static List<TlsClientProfile> all() {
        List<TlsClientProfile> out = new ArrayList<>();
        for (Supplier<TlsClientProfile> s : BUILT_IN.values()) {
            out.add(s.get());
        }
        return out;
    }

    /** The built-in profile with this name; BAD_INPUT naming it and the known ones otherwise. */
    public static TlsClientProfile byName(String name) {
        Supplier<TlsClientProfile> s = name == null ? null : BUILT_IN.get(name);
        if (s == null) {
            throw LabException.badInput("unknown profile '" + name + "'",
                    "known profiles: " + String.join(", ", BUILT_IN.keySet()));
        }
        return s.get();
    }

    /**
     * MicroPython's ussl on axTLS (commit 531cab9c, every tag v1.17-v1.28), byte for byte as in
     * shared/reference/esp8266-ussl-profile.md.
     */
    public static TlsClientProfile esp8266() {
        return TlsClientProfile.builder(ESP8266)
                .description("ESP8266 MicroPython ussl (axTLS): TLS 1.2, four TLS_RSA suites, no certificate check")
                .engine(Engine.BOUNCY_CASTLE)
                .versions("TLSv1.2")
                .cipherSuites(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
                        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256)
                // rsa+sha512, rsa+sha384, rsa+sha256, rsa+sha1
                .signatureAlgorithms(0x0601, 0x0501, 0x0401, 0x0201)
                .extensionOrder(ExtensionType.signature_algorithms, ExtensionType.server_name)
                .sendSni(true)
                .scsv(false)
                .firstRecordVersion(0x0303)
                .randomPrefix(RandomPrefix.UPTIME_SECONDS)
                .verification(Verification.NONE)
                .checkKeyUsage(false)
                .receiveRecordLimit(ESP8266_RECORD_LIMIT)
                .writeRecordSize(ESP8266_WRITE_RECORD)
                .tolerateMissingCloseNotify(true)
                .tolerateMissingRenegotiationInfo(true)
                .errorStyle(ErrorStyle.AXTLS)
                .build();
    }

    /**
     * The seed's sslclient.py on Python 3.11 / OpenSSL 3.0: OP_NO_TLSv1_3, set_ciphers('kRSA'),
     * trusts cert.pem. Suites, extensions and signature algorithms are copied from the ClientHello
     * that client sent to a plain listening socket here (Python 3.11.2, OpenSSL 3.0.19); the NULL
     * suites kRSA also names are not sent at OpenSSL's default security level.
     */
    public static TlsClientProfile pythonKrsa() {
        return TlsClientProfile.builder(PYTHON_KRSA)
                .description("the seed's sslclient.py (Python ssl, OpenSSL 3.0): TLS 1.2, kRSA suites, trusts cert.pem")
                .engine(Engine.BOUNCY_CASTLE)
                .versions("TLSv1.2")
                .cipherSuites(0x009d, 0xc0a1, 0xc09d, 0xc051, 0x009c, 0xc0a0, 0xc09c, 0xc050,
                        0x003d, 0x00c0, 0x003c, 0x00ba, 0x0035, 0x0084, 0x002f, 0x0041)
                .signatureAlgorithms(0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b,
                        0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302,
                        0x0402, 0x0502, 0x0602)
                .extensionOrder(ExtensionType.server_name, ExtensionType.session_ticket,
                        ExtensionType.encrypt_then_mac, ExtensionType.extended_master_secret,
                        ExtensionType.signature_algorithms)
                .sendSni(true)
                .scsv(true)
                .extendedMasterSecret(true)
                .encryptThenMac(true)
                .sessionTicket(true)
                .firstRecordVersion(0x0301)
                .randomPrefix(RandomPrefix.RANDOM)
                .verification(Verification.CAFILE)
                // Python's default suppress_ragged_eofs=True reads a close without close_notify as EOF.
                .tolerateMissingCloseNotify(true)
                // OpenSSL 3.0 dropped SSL_OP_LEGACY_SERVER_CONNECT from its defaults.
                .tolerateMissingRenegotiationInfo(false)
                .errorStyle(ErrorStyle.DESKTOP)
                .build();
    }

    /** The running JDK's SSLSocket defaults (or those limited to TLS 1.2 + TLS_RSA_*), as it reports them. */
    static TlsClientProfile jdk(String name, boolean tls12Krsa) {
        SSLParameters p;
        try {
            p = SSLContext.getDefault().getDefaultSSLParameters();
        } catch (NoSuchAlgorithmException e) {
            throw LabException.failure("this JDK has no default SSLContext", "use a full JDK 17+");
        }
        List<String> versions = new ArrayList<>();
        for (String v : p.getProtocols()) {
            if ((v.equals("TLSv1.3") && !tls12Krsa) || v.equals("TLSv1.2")) {
                versions.add(v);
            }
        }
        String scsvName = CipherSuiteNames.name(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        boolean scsv = Arrays.asList(p.getCipherSuites()).contains(scsvName);
        // The profile keeps signalling values apart from real suites (scsv flag below).
        String[] suites = Arrays.stream(p.getCipherSuites()).filter(s -> !s.equals(scsvName)).toArray(String[]::new);
        if (tls12Krsa) {
            // RSA key exchange: the TLS_RSA_WITH_* names (TLS_ECDHE_RSA_* and TLS_DHE_RSA_* are forward secret).
            suites = Arrays.stream(suites).filter(s -> s.startsWith("TLS_RSA_WITH_")).toArray(String[]::new);
        }
        String jdk = System.getProperty("java.vendor") + " " + System.getProperty("java.version");
        return TlsClientProfile.builder(name)
                .description(tls12Krsa
                        ? "the JDK's SSLSocket (" + jdk + ") limited to TLS 1.2 and RSA key exchange, trusts cert.pem"
                        : "the JDK's SSLSocket (" + jdk + ") with its defaults, trusts cert.pem")
                .engine(Engine.JDK)
                .versions(versions.toArray(String[]::new))
                .cipherSuites(CipherSuiteNames.codes(suites))
                .scsv(scsv)
                .verification(Verification.CAFILE)
                .tolerateMissingCloseNotify(true)
                .errorStyle(ErrorStyle.DESKTOP)
                .build();
    }

    /** Bouncy Castle's DefaultTlsClient as it ships; the data is what it reports. */
    static TlsClientProfile bcDefault() {
        ShippedClient c = new ShippedClient();
        List<String> versions = new ArrayList<>();
        for (ProtocolVersion v : c.versions()) {
            versions.add(v.equals(ProtocolVersion.TLSv13) ? "TLSv1.3" : v.equals(ProtocolVersion.TLSv12) ? "TLSv1.2" : null);
        }
        versions.removeIf(v -> v == null);
        return TlsClientProfile.builder(BC_DEFAULT)
                .description("Bouncy Castle " + bcVersion() + " DefaultTlsClient as it ships, trusts cert.pem")
                .engine(Engine.BOUNCY_CASTLE_AS_SHIPPED)
                .versions(versions.toArray(String[]::new))
                .cipherSuites(c.suites())
                .scsv(true)
                .extendedMasterSecret(true)
                .encryptThenMac(true)
                .verification(Verification.CAFILE)
                .errorStyle(ErrorStyle.DESKTOP)
                .build();
    }

    /** The BC provider's version ("1.84"). */
    private static String bcVersion() {
        return LabCrypto.bouncyCastle().getVersionStr();
    }

    /** Reads DefaultTlsClient's protected defaults without connecting anything. */
    private static final class ShippedClient extends DefaultTlsClient {
        ShippedClient() {
            super(LabCrypto.shared());
        }

        ProtocolVersion[] versions() {
            return getSupportedVersions();
        }

        int[] suites() {
            return getSupportedCipherSuites();
        }

        @Override
        public TlsAuthentication getAuthentication() {
            throw new UnsupportedOperationException("only used to read defaults");
        }
    }
}
