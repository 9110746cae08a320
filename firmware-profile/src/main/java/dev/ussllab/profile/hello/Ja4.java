package dev.ussllab.profile.hello;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JA4 for TLS over TCP, as FoxIO's technical_details/JA4.md defines it:
 * {@code a_b_c} where a = "t" + version + d|i + cipher count + extension count + ALPN chars,
 * b = sha256 (first 12 hex) of the sorted cipher list, c = sha256 of the sorted extension list
 * without SNI and ALPN, then "_" and the signature algorithms in wire order.
 *
 * @param fingerprint the JA4 string, e.g. t13d1516h2_8daaf6152771_e5627efa2ab1
 * @param raw the same with the lists in place of the hashes (JA4_r), for reading
 */
public record Ja4(String fingerprint, String raw) {

    private static final int SNI = 0x0000;
    private static final int ALPN = 0x0010;
    /** JA4.md: counts are two digits and saturate at 99. */
    private static final int MAX_COUNT = 99;
    /** JA4.md: an empty list hashes to twelve zeros rather than sha256(""). */
    private static final String EMPTY_HASH = "000000000000";
    private static final int HASH_CHARS = 12;

    public static Ja4 of(ClientHello h) {
        List<Integer> ciphers = h.cipherSuites().stream().filter(v -> !Grease.is(v)).toList();
        List<Integer> extensions = h.extensionTypes().stream().filter(v -> !Grease.is(v)).toList();
        String a = "t" + version(h.highestVersion()) + (h.has(SNI) ? "d" : "i")
                + String.format("%02d%02d", Math.min(ciphers.size(), MAX_COUNT),
                        Math.min(extensions.size(), MAX_COUNT))
                + alpn(h.alpnProtocols());
        String b = sortedHex(ciphers);
        String exts = sortedHex(extensions.stream().filter(t -> t != SNI && t != ALPN).toList());
        String sigs = h.signatureAlgorithms().stream().filter(v -> !Grease.is(v)).map(Ja4::hex4)
                .collect(Collectors.joining(","));
        String c = sigs.isEmpty() ? exts : exts + "_" + sigs;
        String fingerprint = a + "_" + hash(b) + "_" + (exts.isEmpty() ? EMPTY_HASH : hash(c));
        return new Ja4(fingerprint, a + "_" + b + "_" + c);
    }

    /** JA4.md "TLS and DTLS Version". */
    static String version(int v) {
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    /**
     * JA4.md "ALPN Extension Value": first and last character of the first protocol, "00" if none;
     * if either end byte is not alphanumeric, the first and last hex digits of the value instead.
     */
    static String alpn(List<byte[]> protocols) {
        if (protocols.isEmpty() || protocols.get(0).length == 0) {
            return "00";
        }
        byte[] p = protocols.get(0);
        char first = (char) (p[0] & 0xFF);
        char last = (char) (p[p.length - 1] & 0xFF);
        if (alphanumeric(first) && alphanumeric(last)) {
            return "" + first + last;
        }
        String hex = HexFormat.of().formatHex(p);
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean alphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String sortedHex(List<Integer> values) {
        return values.stream().sorted().map(Ja4::hex4).collect(Collectors.joining(","));
    }

    private static String hex4(int v) {
        return String.format("%04x", v);
    }

    static String hash(String list) {
        if (list.isEmpty()) {
            return EMPTY_HASH;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(list.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return fingerprint;
    }
}
