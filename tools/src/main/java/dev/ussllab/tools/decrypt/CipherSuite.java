package dev.ussllab.tools.decrypt;

import java.util.HashMap;
import java.util.Map;

/**
 * The cipher suites this decryptor understands: name, key exchange, bulk cipher, MAC and the PRF
 * or HKDF hash. Numbers and names from the IANA TLS Cipher Suites registry; TLS 1.2 PRF is SHA-256
 * unless the suite names SHA384 (RFC 5246 5, RFC 5289 3.2).
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

    private static final Map<Integer, CipherSuite> BY_ID = new HashMap<>();

    static {
        KeyExchange rsa = KeyExchange.RSA;
        KeyExchange ec = KeyExchange.ECDHE;
        KeyExchange dh = KeyExchange.DHE;
        add(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", rsa, Bulk.AES_128_CBC, "HmacSHA1");
        add(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", rsa, Bulk.AES_256_CBC, "HmacSHA1");
        add(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", rsa, Bulk.AES_128_CBC, "HmacSHA256");
        add(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", rsa, Bulk.AES_256_CBC, "HmacSHA256");
        add(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", rsa, Bulk.AES_128_GCM, null);
        add(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", rsa, Bulk.AES_256_GCM, null);
        add(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", dh, Bulk.AES_128_CBC, "HmacSHA1");
        add(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", dh, Bulk.AES_256_CBC, "HmacSHA1");
        add(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", dh, Bulk.AES_128_CBC, "HmacSHA256");
        add(0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", dh, Bulk.AES_256_CBC, "HmacSHA256");
        add(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", dh, Bulk.AES_128_GCM, null);
        add(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", dh, Bulk.AES_256_GCM, null);
        add(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", dh, Bulk.CHACHA20_POLY1305, null);
        add(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", ec, Bulk.AES_128_CBC, "HmacSHA1");
        add(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", ec, Bulk.AES_256_CBC, "HmacSHA1");
        add(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", ec, Bulk.AES_128_CBC, "HmacSHA1");
        add(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", ec, Bulk.AES_256_CBC, "HmacSHA1");
        add(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", ec, Bulk.AES_128_CBC, "HmacSHA256");
        add(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", ec, Bulk.AES_256_CBC, "HmacSHA384");
        add(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", ec, Bulk.AES_128_CBC, "HmacSHA256");
        add(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", ec, Bulk.AES_256_CBC, "HmacSHA384");
        add(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ec, Bulk.AES_128_GCM, null);
        add(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", ec, Bulk.AES_256_GCM, null);
        add(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ec, Bulk.AES_128_GCM, null);
        add(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ec, Bulk.AES_256_GCM, null);
        add(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ec, Bulk.CHACHA20_POLY1305, null);
        add(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ec, Bulk.CHACHA20_POLY1305, null);
        add(0x1301, "TLS_AES_128_GCM_SHA256", KeyExchange.TLS13, Bulk.AES_128_GCM, null);
        add(0x1302, "TLS_AES_256_GCM_SHA384", KeyExchange.TLS13, Bulk.AES_256_GCM, null);
        add(0x1303, "TLS_CHACHA20_POLY1305_SHA256", KeyExchange.TLS13, Bulk.CHACHA20_POLY1305, null);
    }

    private static void add(int id, String name, KeyExchange kx, Bulk bulk, String mac) {
        String hash = name.endsWith("SHA384") ? "SHA-384" : "SHA-256";
        BY_ID.put(id, new CipherSuite(id, name, kx, bulk, mac, hash));
    }

    /** The suite, or null when this decryptor does not know it. */
    static CipherSuite byId(int id) {
        return BY_ID.get(id);
    }

    static String describe(int id) {
        CipherSuite s = BY_ID.get(id);
        return s != null ? s.name : String.format("0x%04X", id);
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
