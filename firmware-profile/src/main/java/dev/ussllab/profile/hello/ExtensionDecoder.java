package dev.ussllab.profile.hello;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Decodes the content of the extensions a ClientHello carries (layouts from RFC 6066, 7301, 8422,
 * 8446, 5746, 7627, 7366, 5077, 7685, 8449). Every vector length is checked against the
 * extension's own length, so a truncated extension is an error naming it, never a silent guess.
 */
final class ExtensionDecoder {

    static final int SERVER_NAME = 0;
    static final int MAX_FRAGMENT_LENGTH = 1;
    static final int STATUS_REQUEST = 5;
    static final int SUPPORTED_GROUPS = 10;
    static final int EC_POINT_FORMATS = 11;
    static final int SIGNATURE_ALGORITHMS = 13;
    static final int ALPN = 16;
    static final int PADDING = 21;
    static final int ENCRYPT_THEN_MAC = 22;
    static final int EXTENDED_MASTER_SECRET = 23;
    static final int COMPRESS_CERTIFICATE = 27;
    static final int RECORD_SIZE_LIMIT = 28;
    static final int SESSION_TICKET = 35;
    static final int EARLY_DATA = 42;
    static final int SUPPORTED_VERSIONS = 43;
    static final int PSK_KEY_EXCHANGE_MODES = 45;
    static final int POST_HANDSHAKE_AUTH = 49;
    static final int SIGNATURE_ALGORITHMS_CERT = 50;
    static final int KEY_SHARE = 51;
    static final int RENEGOTIATION_INFO = 0xff01;

    /** server_name host_name entries (RFC 6066 section 3: name_type 0). */
    private static final int HOST_NAME = 0;

    private ExtensionDecoder() {}

    private static ByteReader reader(Extension e, int base) {
        byte[] d = e.data();
        return new ByteReader(d, 0, d.length, base);
    }

    private static String field(Extension e) {
        return "extension " + e.name() + " (" + e.type() + ")";
    }

    /** A u16-length-prefixed list of u16 values (groups, signature schemes). */
    static List<Integer> u16List(Extension e, int base) {
        ByteReader r = reader(e, base);
        ByteReader list = r.vector(2, field(e));
        r.expectEnd(field(e));
        return u16s(list, e);
    }

    /** A u8-length-prefixed list of u16 values (supported_versions, compress_certificate). */
    static List<Integer> u8ListOfU16(Extension e, int base) {
        ByteReader r = reader(e, base);
        ByteReader list = r.vector(1, field(e));
        r.expectEnd(field(e));
        return u16s(list, e);
    }

    /** A u8-length-prefixed list of u8 values (ec_point_formats, psk_key_exchange_modes). */
    static List<Integer> u8List(Extension e, int base) {
        ByteReader r = reader(e, base);
        ByteReader list = r.vector(1, field(e));
        r.expectEnd(field(e));
        List<Integer> out = new ArrayList<>();
        while (list.hasRemaining()) {
            out.add(list.u8(field(e) + " entry"));
        }
        return out;
    }

    private static List<Integer> u16s(ByteReader list, Extension e) {
        List<Integer> out = new ArrayList<>();
        while (list.hasRemaining()) {
            out.add(list.u16(field(e) + " entry"));
        }
        return out;
    }

    /** The host_name entries of server_name. */
    static List<String> serverNames(Extension e, int base) {
        ByteReader r = reader(e, base);
        List<String> names = new ArrayList<>();
        if (!r.hasRemaining()) {
            return names; // the empty form a server echoes; tolerated here too
        }
        ByteReader list = r.vector(2, field(e));
        r.expectEnd(field(e));
        while (list.hasRemaining()) {
            int type = list.u8(field(e) + " name_type");
            byte[] name = list.vector(2, field(e) + " name").rest();
            if (type == HOST_NAME) {
                names.add(new String(name, StandardCharsets.US_ASCII));
            }
        }
        return names;
    }

    /** The ALPN protocol names in order (RFC 7301 section 3.1), as raw bytes. */
    static List<byte[]> alpn(Extension e, int base) {
        ByteReader r = reader(e, base);
        ByteReader list = r.vector(2, field(e));
        r.expectEnd(field(e));
        List<byte[]> out = new ArrayList<>();
        while (list.hasRemaining()) {
            out.add(list.vector(1, field(e) + " protocol").rest());
        }
        return out;
    }

    /** key_share entries (RFC 8446 section 4.2.8) as "group (n bytes)". */
    private static List<String> keyShares(Extension e, int base) {
        ByteReader r = reader(e, base);
        ByteReader list = r.vector(2, field(e));
        r.expectEnd(field(e));
        List<String> out = new ArrayList<>();
        while (list.hasRemaining()) {
            int group = list.u16(field(e) + " group");
            int n = list.vector(2, field(e) + " key_exchange").remaining();
            out.add(TlsNames.group(group) + " (" + n + "-byte key)");
        }
        return out;
    }

    /**
     * The content in words. base is the offset of the content in the handshake message, used in
     * errors; the parser calls this once per extension so malformed content fails the parse.
     */
    static String describe(Extension e, int base) {
        return switch (e.type()) {
            case SERVER_NAME -> serverNames(e, base).stream().map(n -> "host_name=" + TlsNames.printable(n))
                    .reduce((a, b) -> a + ", " + b).orElse("(empty)");
            case SUPPORTED_GROUPS -> names(u16List(e, base), TlsNames::group);
            case EC_POINT_FORMATS -> names(u8List(e, base), TlsNames::pointFormat);
            case SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS_CERT ->
                    names(u16List(e, base), TlsNames::signatureScheme);
            case ALPN -> alpn(e, base).stream().map(ExtensionDecoder::alpnText)
                    .reduce((a, b) -> a + ", " + b).orElse("(none)");
            case SUPPORTED_VERSIONS -> names(u8ListOfU16(e, base), TlsNames::version);
            case PSK_KEY_EXCHANGE_MODES -> names(u8List(e, base), TlsNames::pskMode);
            case COMPRESS_CERTIFICATE -> names(u8ListOfU16(e, base), ExtensionDecoder::certCompression);
            case KEY_SHARE -> String.join(", ", keyShares(e, base));
            case RENEGOTIATION_INFO -> renegotiationInfo(e, base);
            case EXTENDED_MASTER_SECRET, ENCRYPT_THEN_MAC, POST_HANDSHAKE_AUTH, EARLY_DATA ->
                    empty(e, base);
            case SESSION_TICKET -> e.length() == 0 ? "empty (asks for a new ticket)"
                    : e.length() + "-byte ticket (resumption)";
            case STATUS_REQUEST -> statusRequest(e, base);
            case PADDING -> e.length() + " padding bytes";
            case RECORD_SIZE_LIMIT -> single(e, base, 2) + " bytes";
            case MAX_FRAGMENT_LENGTH -> "2^" + (8 + single(e, base, 1)) + " bytes";
            default -> e.length() == 0 ? "(empty)" : "hex " + HexFormat.of().formatHex(e.data());
        };
    }

    private static String names(List<Integer> values, IntFunction<String> namer) {
        List<String> out = new ArrayList<>(values.size());
        for (int v : values) {
            out.add(namer.apply(v));
        }
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }

    private static String alpnText(byte[] protocol) {
        for (byte b : protocol) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HexFormat.of().formatHex(protocol);
            }
        }
        return new String(protocol, StandardCharsets.US_ASCII);
    }

    private static String certCompression(int algorithm) {
        // RFC 8879 section 3: 1 zlib, 2 brotli, 3 zstd
        return switch (algorithm) {
            case 1 -> "zlib";
            case 2 -> "brotli";
            case 3 -> "zstd";
            default -> String.valueOf(algorithm);
        };
    }

    private static String renegotiationInfo(Extension e, int base) {
        ByteReader r = reader(e, base);
        int n = r.vector(1, field(e)).remaining();
        r.expectEnd(field(e));
        return n == 0 ? "empty (initial handshake)" : n + "-byte verify_data (renegotiation)";
    }

    private static String statusRequest(Extension e, int base) {
        ByteReader r = reader(e, base);
        int type = r.u8(field(e) + " status_type");
        r.vector(2, field(e) + " responder_id_list");
        r.vector(2, field(e) + " request_extensions");
        r.expectEnd(field(e));
        return type == 1 ? "ocsp" : "status_type " + type;
    }

    private static String empty(Extension e, int base) {
        reader(e, base).expectEnd(field(e));
        return "(empty)";
    }

    private static int single(Extension e, int base, int size) {
        ByteReader r = reader(e, base);
        int v = size == 1 ? r.u8(field(e)) : r.u16(field(e));
        r.expectEnd(field(e));
        return v;
    }
}
