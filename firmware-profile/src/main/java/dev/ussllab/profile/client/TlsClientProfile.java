package dev.ussllab.profile.client;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How one TLS client behaves on the wire: data (versions, suites in wire order, extensions in wire
 * order, record sizes) plus a few strategy hooks (random prefix, certificate check, error style).
 * The clients in the device module read everything from here, so a new firmware or library is a
 * new profile, never a change to client code. Immutable; build with {@link #builder(String)}.
 */
public final class TlsClientProfile {

    /** Which TLS stack carries the profile. */
    public enum Engine {
        /** Bouncy Castle driven hook by hook from this profile (exact ClientHello when an extension order is set). */
        BOUNCY_CASTLE,
        /** Bouncy Castle's DefaultTlsClient as it ships: the data fields only describe it. */
        BOUNCY_CASTLE_AS_SHIPPED,
        /** The running JDK's own SSLSocket (SunJSSE): the data fields are what it reports. */
        JDK
    }

    /** What the first four bytes of ClientHello.random hold. */
    public enum RandomPrefix {
        /** Seconds since the board booted: axTLS writes time(), which the ESP8266 port counts from boot. */
        UPTIME_SECONDS,
        /** All 32 bytes random, as OpenSSL 1.1+ and TLS 1.3 clients do. */
        RANDOM
    }

    /** How the server certificate is checked. */
    public enum Verification {
        /** Accept any certificate (axTLS on the ESP8266 validates nothing). */
        NONE,
        /** Trust only the certificates in a given PEM file (the seed's load_verify_locations('cert.pem')). */
        CAFILE
    }

    /** How failures are reported to the user. */
    public enum ErrorStyle {
        /** As MicroPython's ussl on axTLS raises them: OSError with the axTLS code. */
        AXTLS,
        /** As a desktop library reports them: the alert or exception in words. */
        DESKTOP
    }

    /** TLS's own ceiling for a received record (RFC 5246 6.2.3: 2^14 + 2048 of ciphertext). */
    public static final int TLS_MAX_RECORD = 16384 + 2048;
    /** TLS's own ceiling for plaintext in one record (RFC 5246 6.2.1). */
    public static final int TLS_MAX_PLAINTEXT = 16384;

    private final Builder b;

    private TlsClientProfile(Builder b) {
        this.b = b;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder preloaded with this profile, to derive a variant under another name. */
    public Builder toBuilder(String newName) {
        return b.copy(newName);
    }

    public String name() { return b.name; }
    public String description() { return b.description; }
    public Engine engine() { return b.engine; }
    /** Protocol versions offered, JSSE names ("TLSv1.2", "TLSv1.3"), newest first. */
    public List<String> versions() { return b.versions; }
    /** Cipher suites in wire order (IANA codes, as in org.bouncycastle.tls.CipherSuite), without SCSVs. */
    public int[] cipherSuites() { return b.cipherSuites.clone(); }
    /** signature_algorithms entries in wire order, as 2-byte codes (0x0601 = rsa_pkcs1_sha512). */
    public int[] signatureAlgorithms() { return b.signatureAlgorithms.clone(); }
    /** Extension types in wire order, or null when the TLS library chooses the order. */
    public int[] extensionOrder() { return b.extensionOrder == null ? null : b.extensionOrder.clone(); }
    /** Whether server_name is sent when the caller gives a hostname. */
    public boolean sendSni() { return b.sendSni; }
    /** Whether TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00ff) ends the suite list. */
    public boolean scsv() { return b.scsv; }
    public boolean extendedMasterSecret() { return b.extendedMasterSecret; }
    public boolean encryptThenMac() { return b.encryptThenMac; }
    /** Whether an empty session_ticket extension is offered (RFC 5077). */
    public boolean sessionTicket() { return b.sessionTicket; }
    /** Record-layer version of the first flight (0x0301 or 0x0303), or 0 for the library's own. */
    public int firstRecordVersion() { return b.firstRecordVersion; }
    public RandomPrefix randomPrefix() { return b.randomPrefix; }
    public Verification verification() { return b.verification; }
    /** Whether a TLS_RSA server certificate must allow keyEncipherment (axTLS does not look). */
    public boolean checkKeyUsage() { return b.checkKeyUsage; }
    /** Largest record length (header excluded) this client can receive. */
    public int receiveRecordLimit() { return b.receiveRecordLimit; }
    /** Most plaintext bytes this client puts in one record. */
    public int writeRecordSize() { return b.writeRecordSize; }
    public boolean tolerateMissingCloseNotify() { return b.tolerateMissingCloseNotify; }
    public boolean tolerateMissingRenegotiationInfo() { return b.tolerateMissingRenegotiationInfo; }
    public ErrorStyle errorStyle() { return b.errorStyle; }

    @Override
    public String toString() {
        return b.name + " (" + b.engine + ", " + b.versions + ", suites "
                + CipherSuiteNames.names(b.cipherSuites) + ")";
    }

    /** Collects a profile's data; {@link #build()} checks it. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private Engine engine = Engine.BOUNCY_CASTLE;
        private List<String> versions = List.of("TLSv1.2");
        private int[] cipherSuites = new int[0];
        private int[] signatureAlgorithms = new int[0];
        private int[] extensionOrder;
        private boolean sendSni = true;
        private boolean scsv;
        private boolean extendedMasterSecret;
        private boolean encryptThenMac;
        private boolean sessionTicket;
        private int firstRecordVersion;
        private RandomPrefix randomPrefix = RandomPrefix.RANDOM;
        private Verification verification = Verification.CAFILE;
        private boolean checkKeyUsage = true;
        private int receiveRecordLimit = TLS_MAX_RECORD;
        private int writeRecordSize = TLS_MAX_PLAINTEXT;
        private boolean tolerateMissingCloseNotify;
        private boolean tolerateMissingRenegotiationInfo;
        private ErrorStyle errorStyle = ErrorStyle.DESKTOP;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder description(String v) { description = Objects.requireNonNull(v); return this; }
        public Builder engine(Engine v) { engine = Objects.requireNonNull(v); return this; }
        public Builder versions(String... v) { versions = List.of(v); return this; }
        public Builder cipherSuites(int... v) { cipherSuites = v.clone(); return this; }
        public Builder signatureAlgorithms(int... v) { signatureAlgorithms = v.clone(); return this; }
        public Builder extensionOrder(int... v) { extensionOrder = v == null ? null : v.clone(); return this; }
        public Builder sendSni(boolean v) { sendSni = v; return this; }
        public Builder scsv(boolean v) { scsv = v; return this; }
        public Builder extendedMasterSecret(boolean v) { extendedMasterSecret = v; return this; }
        public Builder encryptThenMac(boolean v) { encryptThenMac = v; return this; }
        public Builder sessionTicket(boolean v) { sessionTicket = v; return this; }
        public Builder firstRecordVersion(int v) { firstRecordVersion = v; return this; }
        public Builder randomPrefix(RandomPrefix v) { randomPrefix = Objects.requireNonNull(v); return this; }
        public Builder verification(Verification v) { verification = Objects.requireNonNull(v); return this; }
        public Builder checkKeyUsage(boolean v) { checkKeyUsage = v; return this; }
        public Builder receiveRecordLimit(int v) { receiveRecordLimit = v; return this; }
        public Builder writeRecordSize(int v) { writeRecordSize = v; return this; }
        public Builder tolerateMissingCloseNotify(boolean v) { tolerateMissingCloseNotify = v; return this; }
        public Builder tolerateMissingRenegotiationInfo(boolean v) { tolerateMissingRenegotiationInfo = v; return this; }
        public Builder errorStyle(ErrorStyle v) { errorStyle = Objects.requireNonNull(v); return this; }

        public TlsClientProfile build() {
            require(!name.isBlank(), "a profile needs a name");
            require(!versions.isEmpty(), name + ": no protocol version");
            for (String v : versions) {
                require(v.equals("TLSv1.2") || v.equals("TLSv1.3"), name + ": unsupported version " + v);
            }
            require(engine != Engine.BOUNCY_CASTLE || cipherSuites.length > 0, name + ": no cipher suite");
            require(Arrays.stream(cipherSuites).allMatch(s -> s >= 0 && s <= 0xffff), name + ": suite out of range");
            require(firstRecordVersion == 0 || firstRecordVersion == 0x0301 || firstRecordVersion == 0x0303,
                    name + ": first record version must be 0x0301 or 0x0303");
            require(receiveRecordLimit > 0 && receiveRecordLimit <= TLS_MAX_RECORD, name + ": bad receive record limit");
            require(writeRecordSize > 0 && writeRecordSize <= TLS_MAX_PLAINTEXT, name + ": bad write record size");
            if (extensionOrder != null) {
                require(Arrays.stream(extensionOrder).distinct().count() == extensionOrder.length,
                        name + ": an extension appears twice in the order");
            }
            // A copy, so changing this builder later cannot change the profile.
            return new TlsClientProfile(copy(name));
        }

        private Builder copy(String newName) {
            Builder c = new Builder(newName);
            c.description = description;
            c.engine = engine;
            c.versions = versions;
            c.cipherSuites = cipherSuites;
            c.signatureAlgorithms = signatureAlgorithms;
            c.extensionOrder = extensionOrder;
            c.sendSni = sendSni;
            c.scsv = scsv;
            c.extendedMasterSecret = extendedMasterSecret;
            c.encryptThenMac = encryptThenMac;
            c.sessionTicket = sessionTicket;
            c.firstRecordVersion = firstRecordVersion;
            c.randomPrefix = randomPrefix;
            c.verification = verification;
            c.checkKeyUsage = checkKeyUsage;
            c.receiveRecordLimit = receiveRecordLimit;
            c.writeRecordSize = writeRecordSize;
            c.tolerateMissingCloseNotify = tolerateMissingCloseNotify;
            c.tolerateMissingRenegotiationInfo = tolerateMissingRenegotiationInfo;
            c.errorStyle = errorStyle;
            return c;
        }

        private static void require(boolean ok, String why) {
            if (!ok) {
                throw new IllegalArgumentException(why);
            }
        }
    }
}
