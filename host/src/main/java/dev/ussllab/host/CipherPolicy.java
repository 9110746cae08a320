package dev.ussllab.host;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * Which protocol versions and cipher suites the host accepts. The ESP8266 (axTLS) offers only
 * TLS_RSA suites, so a host that the board can reach must accept RSA key exchange, and every such
 * session is decryptable by anyone holding key.pem: the three policies make that trade explicit.
 */
public enum CipherPolicy {

    /** TLS 1.2 with RSA key exchange only: what the seed's Wireshark recipe needs (decryptable). */
    KRSA(false, true),
    /** Forward-secret suites preferred, RSA key exchange still accepted so the ESP8266 connects. */
    COMPAT(true, true),
    /** Forward secret only (TLS 1.3 and ECDHE): the ESP8266 and the seed's client are refused. */
    MODERN(true, false);

    private static final int[] TLS13 = suites(
            CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
    private static final int[] ECDHE_RSA = suites(
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA);
    /** The four axTLS offers (002f 003c 0035 003d, esp8266-ussl-profile.md) plus the GCM pair. */
    private static final int[] RSA = suites(
            CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256);

    private final boolean forwardSecret;
    private final boolean rsaKeyExchange;

    CipherPolicy(boolean forwardSecret, boolean rsaKeyExchange) {
        this.forwardSecret = forwardSecret;
        this.rsaKeyExchange = rsaKeyExchange;
    }

    /** The host's suites in preference order (forward-secret first when both are allowed). */
    public int[] cipherSuites() {
        int[] out = new int[0];
        if (forwardSecret) {
            out = concat(concat(out, TLS13), ECDHE_RSA);
        }
        if (rsaKeyExchange) {
            out = concat(out, RSA);
        }
        return out;
    }

    /** TLS 1.3 has no RSA key exchange, so the decryptable policy stays on TLS 1.2. */
    public ProtocolVersion[] protocolVersions() {
        return forwardSecret ? ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12) : ProtocolVersion.TLSv12.only();
    }

    /**
     * Whether the host's order wins. COMPAT must override a client that lists TLS_RSA first (the
     * seed client, many embedded stacks) to get forward secrecy; the other two honour the
     * client's order, as OpenSSL servers (and so the seed's Python server) do by default.
     */
    public boolean serverOrder() {
        return this == COMPAT;
    }

    public boolean acceptsRsaKeyExchange() {
        return rsaKeyExchange;
    }

    /** The one warning line a policy that accepts RSA key exchange prints at start, or null. */
    public String warning() {
        return rsaKeyExchange
                ? "warning: policy " + cliName() + " accepts RSA key exchange: those sessions have no forward secrecy"
                        + " (anyone with key.pem can decrypt a capture of them)"
                : null;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CipherPolicy parse(String s) {
        for (CipherPolicy p : values()) {
            if (p.cliName().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return p;
            }
        }
        throw LabException.badInput("unknown policy '" + s + "'", "use one of " + Arrays.stream(values())
                .map(CipherPolicy::cliName).collect(Collectors.joining(", ")));
    }

    /** The IANA name (from the shared cipher-suite table), or "unknown(0xC0FF)". */
    public static String suiteName(int suite) {
        return CipherSuiteInfo.name(suite);
    }

    /** True for TLS_RSA_* suites: the premaster travels encrypted to key.pem. */
    public static boolean isRsaKeyExchange(int suite) {
        return CipherSuiteInfo.isRsaKeyExchange(suite);
    }

    private static int[] suites(int... codes) {
        return codes;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
