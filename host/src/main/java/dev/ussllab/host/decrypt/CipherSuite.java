package dev.ussllab.host.decrypt;

import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * A cipher suite as the decryptor needs it: key exchange, bulk cipher, MAC and the PRF or HKDF
 * hash. Not a second table: each is read off firmware-profile's {@link CipherSuiteInfo} (OpenSSL's
 * {@code ciphers -v} columns), and a suite whose columns name something this decryptor cannot run
 * (PSK, Camellia, ARIA, CCM, 3DES, NULL...) is unknown here. TLS 1.2 PRF is SHA-256 unless the
 * suite names SHA384 (RFC 5246 5, RFC 5289 3.2).
 */
record CipherSuite(int id, String name, KeyExchange keyExchange, Bulk bulk, String macAlgorithm, String hash) {

    enum KeyExchange { RSA, ECDHE, DHE, TLS13 }

    /** keyLength and ivLength are what the key block or HKDF yields (RFC 5246 6.3, RFC 5288 3, RFC 7905 2). */
    enum Bulk {
        AES_128_CBC(16, 0, false), AES_256_CBC(32, 0, false),
        AES_128_GCM(16, 4, true), AES_256_GCM(32, 4, true), CHACHA20_POLY1305(32, 12, true);

        final int keyLength;
        final int fixedIvLength;
        final boolean aead;

        Bulk(int keyLength, int fixedIvLength, boolean aead) {
            this.keyLength = keyLength;
            this.fixedIvLength = fixedIvLength;
            this.aead = aead;
        }
    }

    private static final Map<Integer, CipherSuite> BY_ID = index();

    private static Map<Integer, CipherSuite> index() {
        Map<Integer, CipherSuite> map = new HashMap<>();
        for (CipherSuiteInfo info : CipherSuiteInfo.all()) {
            CipherSuite s = from(info);
            if (s != null) {
                map.put(s.id, s);
            }
        }
        return Map.copyOf(map);
    }

    /** The decryptor's view of one table row, or null when it cannot run that suite. */
    static CipherSuite from(CipherSuiteInfo info) {
        KeyExchange kx = info.tls13() ? KeyExchange.TLS13 : switch (info.kx()) {
            case "RSA" -> KeyExchange.RSA;
            case "ECDH" -> KeyExchange.ECDHE; // OpenSSL's Kx=ECDH is ephemeral ECDH
            case "DH" -> KeyExchange.DHE;
            default -> null;
        };
        Bulk bulk = switch (info.enc()) {
            case "AES(128)" -> Bulk.AES_128_CBC;
            case "AES(256)" -> Bulk.AES_256_CBC;
            case "AESGCM(128)" -> Bulk.AES_128_GCM;
            case "AESGCM(256)" -> Bulk.AES_256_GCM;
            case "CHACHA20/POLY1305(256)" -> Bulk.CHACHA20_POLY1305;
            default -> null;
        };
        String mac = switch (info.mac()) {
            case "AEAD" -> "";
            case "SHA1" -> "HmacSHA1";
            case "SHA256" -> "HmacSHA256";
            case "SHA384" -> "HmacSHA384";
            default -> null;
        };
        if (kx == null || bulk == null || mac == null || bulk.aead != mac.isEmpty()) {
            return null;
        }
        String hash = info.ianaName().endsWith("SHA384") ? "SHA-384" : "SHA-256";
        return new CipherSuite(info.code(), info.ianaName(), kx, bulk, mac.isEmpty() ? null : mac, hash);
    }

    /** The suite, or null when this decryptor does not know it. */
    static CipherSuite byId(int id) {
        return BY_ID.get(id);
    }

    /** The IANA name of any code (unknown ones as firmware-profile renders them). */
    static String describe(int id) {
        CipherSuite s = BY_ID.get(id);
        return s != null ? s.name : CipherSuiteInfo.of(id).map(CipherSuiteInfo::ianaName).orElse(String.format("0x%04X", id));
    }

    int macLength() {
        return macAlgorithm == null ? 0 : switch (macAlgorithm) {
            case "HmacSHA1" -> 20;
            case "HmacSHA256" -> 32;
            default -> 48;
        };
    }

    String hmacForHash() {
        return "SHA-384".equals(hash) ? "HmacSHA384" : "HmacSHA256";
    }
}
