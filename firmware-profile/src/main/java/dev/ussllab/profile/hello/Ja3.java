package dev.ussllab.profile.hello;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JA3 (salesforce/ja3): "client_version,ciphers,extensions,groups,point_formats", each list in
 * wire order as decimals joined by '-', GREASE values dropped, empty fields kept; the
 * fingerprint is the MD5 of that string in lower-case hex.
 */
public record Ja3(String text, String md5) {

    public static Ja3 of(ClientHello h) {
        String text = h.clientVersion() + "," + join(h.cipherSuites()) + "," + join(h.extensionTypes())
                + "," + join(h.supportedGroups()) + "," + join(h.ecPointFormats());
        return new Ja3(text, md5(text));
    }

    private static String join(List<Integer> values) {
        return values.stream().filter(v -> !Grease.is(v)).map(String::valueOf)
                .collect(Collectors.joining("-"));
    }

    static String md5(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    @Override
    public String toString() {
        return md5 + " " + text;
    }
}
