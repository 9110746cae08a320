package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.CertInfo;
import dev.ussllab.device.probe.ProbeReport.Fix;
import dev.ussllab.device.probe.ProbeReport.SuiteResult;
import java.util.List;
import java.util.Map;

/** The report as one JSON object, the same fields the text shows. */
public final class ProbeJson {

    private ProbeJson() {}

    public static String render(ProbeReport r) {
        StringBuilder b = new StringBuilder("{");
        field(b, "host", r.host()).append(',');
        b.append("\"port\":").append(r.port()).append(',');
        b.append("\"versions\":{");
        int i = 0;
        for (Map.Entry<String, Boolean> e : r.versions().entrySet()) {
            b.append(i++ == 0 ? "" : ",").append(str(e.getKey())).append(':').append(e.getValue());
        }
        b.append("},\"board_suites\":[");
        i = 0;
        for (SuiteResult s : r.suites()) {
            b.append(i++ == 0 ? "" : ",").append('{');
            field(b, "iana", s.iana()).append(',');
            field(b, "openssl", s.openssl()).append(",\"accepted\":").append(s.accepted()).append('}');
        }
        b.append("],\"board\":{\"connects\":").append(r.board().connects()).append(',');
        field(b, "protocol", r.board().protocol()).append(',');
        field(b, "suite", r.board().suite()).append(',');
        field(b, "server_hostname", r.board().serverSniName()).append(",\"printed\":");
        list(b, r.board().printed()).append("},\"chain\":{\"certificates\":[");
        i = 0;
        for (CertInfo c : r.chain().certificates()) {
            b.append(i++ == 0 ? "" : ",").append('{');
            field(b, "subject", c.subject()).append(',');
            field(b, "key_type", c.keyType()).append(",\"key_bits\":").append(c.keyBits()).append(',');
            field(b, "signature_algorithm", c.signatureAlgorithm()).append(",\"der_length\":").append(c.derLength())
                    .append('}');
        }
        b.append("],\"certificate_message_length\":").append(r.chain().messageLength())
                .append(",\"record_limit\":").append(r.chain().recordLimit())
                .append(",\"fits\":").append(r.chain().fits()).append(',');
        field(b, "seen_by", r.chain().seenBy()).append("},\"client_certificate\":{\"requested\":")
                .append(r.clientCertificate().requested()).append(",\"cas\":");
        list(b, r.clientCertificate().cas()).append("},\"sni\":{");
        field(b, "name", r.sni().name()).append(",\"differs\":").append(r.sni().differs()).append(',');
        field(b, "detail", r.sni().detail()).append("},");
        field(b, "server_kind", r.serverKind().name().toLowerCase(java.util.Locale.ROOT)).append(",\"verdict\":{");
        b.append("\"connects\":").append(r.verdict().connects()).append(",\"board_lines\":");
        list(b, r.verdict().boardLines()).append(',');
        field(b, "reason", r.verdict().reason()).append(",\"fixes\":[");
        i = 0;
        for (Fix f : r.verdict().fixes()) {
            b.append(i++ == 0 ? "" : ",").append('{');
            field(b, "server", f.server()).append(',');
            field(b, "setting", f.setting()).append('}');
        }
        b.append("],");
        field(b, "bridge", r.verdict().bridge()).append("}}");
        return b.toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        return b.append(str(name)).append(':').append(value == null ? "null" : str(value));
    }

    private static StringBuilder list(StringBuilder b, List<String> values) {
        b.append('[');
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append(str(values.get(i)));
        }
        return b.append(']');
    }

    static String str(String s) {
        return dev.ussllab.profile.Json.str(s);
    }
}
