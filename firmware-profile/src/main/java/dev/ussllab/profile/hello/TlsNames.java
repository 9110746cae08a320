package dev.ussllab.profile.hello;

import java.util.Map;

/**
 * Names for the numbers a ClientHello carries, as the IANA TLS registries spell them
 * (tls-extensiontype-values, tls-parameters: Supported Groups, SignatureScheme, EC Point Formats).
 * Only the values clients actually send are listed; anything else renders as its number.
 */
public final class TlsNames {

    private TlsNames() {}

    /**
     * Text from the wire (a server name) made safe to print: a backslash, a control character or
     * anything outside printable ASCII becomes a backslash escape (x and two hex digits, or u and
     * four), so a peer can neither break a table row nor send escape sequences to the terminal.
     */
    public static String printable(String wire) {
        StringBuilder out = new StringBuilder(wire.length());
        for (char c : wire.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static final Map<Integer, String> EXTENSIONS = Map.ofEntries(
            Map.entry(0, "server_name"), Map.entry(1, "max_fragment_length"),
            Map.entry(5, "status_request"), Map.entry(10, "supported_groups"),
            Map.entry(11, "ec_point_formats"), Map.entry(13, "signature_algorithms"),
            Map.entry(15, "heartbeat"), Map.entry(16, "application_layer_protocol_negotiation"),
            Map.entry(17, "status_request_v2"), Map.entry(18, "signed_certificate_timestamp"),
            Map.entry(21, "padding"), Map.entry(22, "encrypt_then_mac"),
            Map.entry(23, "extended_master_secret"), Map.entry(27, "compress_certificate"),
            Map.entry(28, "record_size_limit"), Map.entry(34, "delegated_credential"),
            Map.entry(35, "session_ticket"), Map.entry(41, "pre_shared_key"),
            Map.entry(42, "early_data"), Map.entry(43, "supported_versions"), Map.entry(44, "cookie"),
            Map.entry(45, "psk_key_exchange_modes"), Map.entry(47, "certificate_authorities"),
            Map.entry(49, "post_handshake_auth"), Map.entry(50, "signature_algorithms_cert"),
            Map.entry(51, "key_share"), Map.entry(57, "quic_transport_parameters"),
            Map.entry(17513, "application_settings"), Map.entry(17613, "application_settings_new"),
            Map.entry(65037, "encrypted_client_hello"), Map.entry(65281, "renegotiation_info"));

    private static final Map<Integer, String> GROUPS = Map.ofEntries(
            Map.entry(1, "sect163k1"), Map.entry(14, "sect571r1"), Map.entry(19, "secp192r1"),
            Map.entry(21, "secp224r1"), Map.entry(22, "secp256k1"), Map.entry(23, "secp256r1"),
            Map.entry(24, "secp384r1"), Map.entry(25, "secp521r1"), Map.entry(26, "brainpoolP256r1"),
            Map.entry(27, "brainpoolP384r1"), Map.entry(28, "brainpoolP512r1"), Map.entry(29, "x25519"),
            Map.entry(30, "x448"), Map.entry(31, "brainpoolP256r1tls13"),
            Map.entry(32, "brainpoolP384r1tls13"), Map.entry(33, "brainpoolP512r1tls13"),
            Map.entry(256, "ffdhe2048"), Map.entry(257, "ffdhe3072"), Map.entry(258, "ffdhe4096"),
            Map.entry(259, "ffdhe6144"), Map.entry(260, "ffdhe8192"), Map.entry(4587, "SecP256r1MLKEM768"),
            Map.entry(4588, "X25519MLKEM768"), Map.entry(25497, "X25519Kyber768Draft00"));

    private static final Map<Integer, String> SIGNATURE_SCHEMES = Map.ofEntries(
            Map.entry(0x0201, "rsa_pkcs1_sha1"), Map.entry(0x0202, "dsa_sha1"),
            Map.entry(0x0203, "ecdsa_sha1"), Map.entry(0x0301, "rsa_sha224"),
            Map.entry(0x0302, "dsa_sha224"), Map.entry(0x0303, "ecdsa_sha224"),
            Map.entry(0x0401, "rsa_pkcs1_sha256"), Map.entry(0x0402, "dsa_sha256"),
            Map.entry(0x0403, "ecdsa_secp256r1_sha256"), Map.entry(0x0501, "rsa_pkcs1_sha384"),
            Map.entry(0x0502, "dsa_sha384"), Map.entry(0x0503, "ecdsa_secp384r1_sha384"),
            Map.entry(0x0601, "rsa_pkcs1_sha512"), Map.entry(0x0602, "dsa_sha512"),
            Map.entry(0x0603, "ecdsa_secp521r1_sha512"), Map.entry(0x0804, "rsa_pss_rsae_sha256"),
            Map.entry(0x0805, "rsa_pss_rsae_sha384"), Map.entry(0x0806, "rsa_pss_rsae_sha512"),
            Map.entry(0x0807, "ed25519"), Map.entry(0x0808, "ed448"),
            Map.entry(0x0809, "rsa_pss_pss_sha256"), Map.entry(0x080a, "rsa_pss_pss_sha384"),
            Map.entry(0x080b, "rsa_pss_pss_sha512"), Map.entry(0x081a, "ecdsa_brainpoolP256r1tls13_sha256"),
            Map.entry(0x081b, "ecdsa_brainpoolP384r1tls13_sha384"),
            Map.entry(0x081c, "ecdsa_brainpoolP512r1tls13_sha512"));

    private static final Map<Integer, String> POINT_FORMATS = Map.of(
            0, "uncompressed", 1, "ansiX962_compressed_prime", 2, "ansiX962_compressed_char2");

    private static final Map<Integer, String> PSK_MODES = Map.of(0, "psk_ke", 1, "psk_dhe_ke");

    public static String extension(int type) {
        return Grease.is(type) ? "GREASE" : EXTENSIONS.getOrDefault(type, "unknown");
    }

    public static String group(int group) {
        return named(GROUPS, group);
    }

    public static String signatureScheme(int scheme) {
        return named(SIGNATURE_SCHEMES, scheme);
    }

    public static String pointFormat(int format) {
        return POINT_FORMATS.getOrDefault(format, "unknown(" + format + ")");
    }

    public static String pskMode(int mode) {
        return PSK_MODES.getOrDefault(mode, "unknown(" + mode + ")");
    }

    /** "TLS 1.2" for 0x0303; the record layer and client_version use the same numbering. */
    public static String version(int version) {
        return switch (version) {
            case 0x0002 -> "SSL 2.0";
            case 0x0300 -> "SSL 3.0";
            case 0x0301 -> "TLS 1.0";
            case 0x0302 -> "TLS 1.1";
            case 0x0303 -> "TLS 1.2";
            case 0x0304 -> "TLS 1.3";
            case 0xfeff -> "DTLS 1.0";
            case 0xfefd -> "DTLS 1.2";
            case 0xfefc -> "DTLS 1.3";
            default -> Grease.is(version) ? String.format("GREASE(0x%04x)", version)
                    : String.format("unknown(0x%04x)", version);
        };
    }

    private static String named(Map<Integer, String> names, int value) {
        if (Grease.is(value)) {
            return String.format("GREASE(0x%04x)", value);
        }
        String name = names.get(value);
        return name != null ? name : String.format("0x%04x", value);
    }
}
