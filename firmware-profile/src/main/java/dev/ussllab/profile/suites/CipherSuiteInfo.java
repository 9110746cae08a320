package dev.ussllab.profile.suites;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cipher-suite code means: IANA and OpenSSL names and OpenSSL's {@code ciphers -v}
 * columns. The table (cipher-suites.tsv beside this class) says how it was generated.
 *
 * @param protocol the lowest protocol the suite runs on, in OpenSSL's words (SSLv3, TLSv1,
 *     TLSv1.2, TLSv1.3), or SCSV for the signalling values
 */
public record CipherSuiteInfo(int code, String ianaName, String opensslName, String protocol,
        String kx, String au, String enc, String mac) {

    private static final String TABLE = "cipher-suites.tsv";
    private static final List<CipherSuiteInfo> ALL = load();
    private static final Map<Integer, CipherSuiteInfo> BY_CODE = index();

    /** Every suite in the table, in OpenSSL's default preference order, the SCSVs last. */
    public static List<CipherSuiteInfo> all() {
        return ALL;
    }

    public static Optional<CipherSuiteInfo> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The IANA name, "GREASE(0x0A0A)" or "unknown(0xC0FF)": every code renders. */
    public static String name(int code) {
        CipherSuiteInfo info = BY_CODE.get(code);
        if (info != null) {
            return info.ianaName;
        }
        boolean grease = (code & 0x0F0F) == 0x0A0A && (code >> 8) == (code & 0xFF); // RFC 8701
        return String.format(grease ? "GREASE(0x%04X)" : "unknown(0x%04X)", code);
    }

    /** True for a code whose key exchange is RSA encryption (no forward secrecy, decryptable with the key). */
    public static boolean isRsaKeyExchange(int code) {
        return of(code).map(CipherSuiteInfo::rsaKeyExchange).orElse(false);
    }

    /** The premaster secret is RSA-encrypted to the server's key: key.pem alone decrypts the session. */
    public boolean rsaKeyExchange() {
        return "RSA".equals(kx);
    }

    public boolean tls13() {
        return "TLSv1.3".equals(protocol);
    }

    /** Ephemeral (EC)DH key agreement, or any TLS 1.3 suite (whose key exchange is always ephemeral). */
    public boolean forwardSecret() {
        return tls13() || kx.equals("ECDH") || kx.equals("DH") || kx.equals("ECDHEPSK") || kx.equals("DHEPSK");
    }

    public boolean signalling() {
        return "SCSV".equals(protocol);
    }

    public String hexCode() {
        return String.format("0x%04X", code);
    }

    private static List<CipherSuiteInfo> load() {
        List<CipherSuiteInfo> out = new ArrayList<>();
        try (InputStream in = CipherSuiteInfo.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 8) {
                    throw new IllegalStateException(TABLE + ": bad line " + line);
                }
                out.add(new CipherSuiteInfo(Integer.parseInt(f[0], 16), f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<Integer, CipherSuiteInfo> index() {
        Map<Integer, CipherSuiteInfo> map = new HashMap<>();
        for (CipherSuiteInfo s : ALL) {
            map.put(s.code, s);
        }
        return Map.copyOf(map);
    }
}
