package dev.ussllab.host.hello;

import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.Extension;
import dev.ussllab.profile.hello.Ja3;
import dev.ussllab.profile.hello.Ja4;
import dev.ussllab.profile.hello.TlsNames;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A ClientHello in words, one field a line, as `ussl-lab hello` prints it. Pure formatting. */
public final class HelloText {

    private static final String INDENT = "  ";
    private static final int LABEL = 20;

    private HelloText() {}

    public static List<String> lines(ClientHello h) {
        List<String> out = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        out.add(field("record version", h.recordVersion() == ClientHello.NO_RECORD ? "(no record header)"
                : version(h.recordVersion())));
        out.add(field("client_version", version(h.clientVersion())));
        List<Integer> sv = h.supportedVersions();
        out.add(field("supported_versions", sv.isEmpty() ? "(absent: " + TlsNames.version(h.clientVersion())
                + " at most)" : String.join(", ", sv.stream().map(TlsNames::version).toList())));
        out.add(field("random", hex.formatHex(h.random())));
        byte[] sid = h.sessionId();
        out.add(field("session id", sid.length == 0 ? "(empty)" : sid.length + " bytes " + hex.formatHex(sid)));
        out.add(INDENT + "cipher suites (" + h.cipherSuites().size() + ", client's order):");
        for (int code : h.cipherSuites()) {
            String mark = CipherSuiteInfo.isRsaKeyExchange(code) ? "  [RSA key exchange]" : "";
            out.add(INDENT + INDENT + String.format("0x%04X %s", code, CipherSuiteInfo.name(code)) + mark);
        }
        out.add(field("compression", String.join(", ", h.compressionMethods().stream()
                .map(m -> m == 0 ? "null" : m == 1 ? "DEFLATE" : String.valueOf(m)).toList())));
        out.add(INDENT + "extensions (" + h.extensions().size() + ", in order):");
        for (Extension e : h.extensions()) {
            out.add(INDENT + INDENT + String.format("%-5d %s: %s", e.type(), e.name(), e.describe()));
        }
        Ja3 ja3 = Ja3.of(h);
        out.add(field("JA3", ja3.text()));
        out.add(field("JA3 MD5", ja3.md5()));
        out.add(field("JA4", Ja4.of(h).fingerprint()));
        out.add(field("RSA-key decryption", Decryptability.of(h).reason()));
        return out;
    }

    private static String version(int v) {
        return String.format("0x%04X (%s)", v, TlsNames.version(v));
    }

    private static String field(String label, String value) {
        return INDENT + String.format("%-" + LABEL + "s", label) + value;
    }
}
