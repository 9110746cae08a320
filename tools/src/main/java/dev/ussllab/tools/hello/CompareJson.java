package dev.ussllab.tools.hello;

import dev.ussllab.host.hello.Decryptability;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.Extension;
import dev.ussllab.profile.hello.Ja3;
import dev.ussllab.profile.hello.Ja4;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import dev.ussllab.tools.hello.HelloColumn.Outcome;
import java.util.HexFormat;
import java.util.List;

/** The comparison as JSON: one object per hello with every field, for scripts. Hand-written: no dependency needed. */
final class CompareJson {

    private CompareJson() {}

    static String of(List<HelloColumn> columns) {
        StringBuilder out = new StringBuilder("{\"hellos\": [");
        for (int i = 0; i < columns.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n");
            column(out, columns.get(i));
        }
        return out.append("\n]}\n").toString();
    }

    private static void column(StringBuilder out, HelloColumn c) {
        ClientHello h = c.hello();
        out.append("  {\"name\": ").append(str(c.name())).append(", \"source\": ").append(str(c.source()));
        out.append(", \"record_version\": ").append(h.recordVersion() == ClientHello.NO_RECORD ? "null"
                : str(String.format("0x%04x", h.recordVersion())));
        out.append(", \"client_version\": ").append(str(String.format("0x%04x", h.clientVersion())));
        out.append(", \"supported_versions\": [");
        join(out, h.supportedVersions().stream().map(v -> str(String.format("0x%04x", v))).toList());
        out.append("], \"random\": ").append(str(HexFormat.of().formatHex(h.random())));
        out.append(", \"session_id\": ").append(str(HexFormat.of().formatHex(h.sessionId())));
        out.append(", \"cipher_suites\": [");
        join(out, h.cipherSuites().stream().map(s -> "{\"code\": " + str(String.format("0x%04x", s))
                + ", \"name\": " + str(CipherSuiteInfo.name(s)) + ", \"rsa_key_exchange\": "
                + CipherSuiteInfo.isRsaKeyExchange(s) + "}").toList());
        out.append("], \"compression_methods\": ").append(h.compressionMethods());
        out.append(", \"extensions\": [");
        join(out, h.extensions().stream().map(CompareJson::extension).toList());
        out.append("], \"sni\": ").append(h.serverName().map(CompareJson::str).orElse("null"));
        Ja3 ja3 = Ja3.of(h);
        out.append(", \"ja3\": ").append(str(ja3.text())).append(", \"ja3_md5\": ").append(str(ja3.md5()));
        out.append(", \"ja4\": ").append(str(Ja4.of(h).fingerprint()));
        out.append(", \"rsa_decryption\": ").append(str(Decryptability.of(h).reason()));
        out.append(", \"host\": {");
        join(out, c.outcomes().entrySet().stream().map(e -> str(e.getKey()) + ": " + outcome(e.getValue())).toList());
        out.append("}}");
    }

    private static String extension(Extension e) {
        return "{\"type\": " + e.type() + ", \"name\": " + str(e.name()) + ", \"content\": " + str(e.describe())
                + ", \"hex\": " + str(e.hex()) + "}";
    }

    private static String outcome(Outcome o) {
        if (!o.ok()) {
            return "{\"ok\": false, \"refusal\": " + str(o.refusal()) + ", \"replayed\": " + o.replayed() + "}";
        }
        return "{\"ok\": true, \"protocol\": " + str(o.protocol()) + ", \"suite\": " + str(CipherSuiteInfo.name(o.suite()))
                + ", \"decryptable_with_key\": " + CipherSuiteInfo.isRsaKeyExchange(o.suite())
                + ", \"replayed\": " + o.replayed() + "}";
    }

    private static void join(StringBuilder out, List<String> items) {
        out.append(String.join(", ", items));
    }

    /** A JSON string literal (RFC 8259 section 7 escapes). */
    static String str(String s) {
        return dev.ussllab.profile.Json.str(s);
    }
}
