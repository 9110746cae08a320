package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.CertInfo;
import dev.ussllab.device.probe.ProbeReport.Fix;
import dev.ussllab.device.probe.ProbeReport.SuiteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report as text, in the order the issue lists: server, chain, client certificate, SNI, verdict. */
public final class ProbeText {

    private ProbeText() {}

    public static List<String> render(ProbeReport r) {
        List<String> out = new ArrayList<>();
        out.add("probe " + (r.host().contains(":") ? "[" + r.host() + "]" : r.host()) + ":" + r.port()
                + (r.board().serverSniName() == null ? "" : " (server_hostname '" + r.board().serverSniName() + "')"));
        List<String> v = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : r.versions().entrySet()) {
            v.add(e.getKey().replace("TLSv", "TLS ") + " " + (e.getValue() ? "yes" : "no"));
        }
        out.add("Versions:        " + String.join(", ", v));
        List<String> s = new ArrayList<>();
        for (SuiteResult suite : r.suites()) {
            s.add(suite.openssl() + " " + (suite.accepted() ? "yes" : "no"));
        }
        out.add("Board's suites:  " + String.join(", ", s));
        out.add("Board's hello:   " + (r.board().suite() == null ? "no ServerHello (refused)"
                : r.board().protocol() + " " + r.board().suite()));
        out.add("Chain (as sent to " + r.chain().seenBy() + "):");
        int i = 0;
        for (CertInfo c : r.chain().certificates()) {
            out.add("  " + i++ + " " + c.subject() + "  " + c.keyType() + " " + c.keyBits() + "  " + c.signatureAlgorithm()
                    + "  " + c.derLength() + " bytes");
        }
        if (r.chain().certificates().isEmpty()) {
            out.add("  (no certificate seen)");
        }
        out.add("Certificate message: " + r.chain().messageLength() + " bytes; the board's record buffer: "
                + r.chain().recordLimit() + " bytes: " + (r.chain().fits() ? "fits" : "TOO BIG"));
        out.add("Client certificate: " + (r.clientCertificate().requested()
                ? "requested" + (r.clientCertificate().cas().isEmpty() ? " (no CA names listed)"
                        : " (CAs: " + String.join("; ", r.clientCertificate().cas()) + ")")
                : "not requested"));
        out.add("SNI:             " + r.sni().detail());
        out.add("Server:          " + r.serverKind().words);
        if (r.verdict().connects()) {
            out.add("Verdict: " + r.verdict().reason());
            return out;
        }
        out.add("Verdict: the board prints:");
        for (String line : r.verdict().boardLines()) {
            out.add("  " + line);
        }
        out.add("Why: " + r.verdict().reason());
        for (Fix f : r.verdict().fixes()) {
            out.add("Fix (" + f.server() + "): " + f.setting());
        }
        out.add("Or, when the server is not yours: " + r.verdict().bridge());
        return out;
    }
}
