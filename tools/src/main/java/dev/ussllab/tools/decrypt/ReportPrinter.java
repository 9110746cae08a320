package dev.ussllab.tools.decrypt;

import dev.ussllab.host.decrypt.Plaintext;
import dev.ussllab.host.decrypt.SessionReport;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HexFormat;

/** Prints session reports as text (one line per record) or as JSON lines inside one document. */
final class ReportPrinter {

    private final PrintWriter out;
    private final boolean json;
    private int sessions;

    ReportPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
        if (json) {
            out.print("{\"sessions\":[");
        }
    }

    void print(SessionReport r) {
        sessions++;
        if (json) {
            printJson(r);
        } else {
            printText(r);
        }
        out.flush();
    }

    /** Closes the JSON document; in text mode says how many sessions were found. */
    void finish(long connections) {
        if (json) {
            out.println("],\"tcpConnections\":" + connections + "}");
        } else if (sessions == 0) {
            out.println("no TLS sessions found in " + connections + " TCP connection(s)");
        }
        out.flush();
    }

    private void printText(SessionReport r) {
        out.println("session " + sessions + ": " + endpoint(r.client()) + " -> " + endpoint(r.server()) + "  "
                + r.protocol() + "  " + r.cipherSuite() + "  SNI " + (r.sni() == null ? "(none)" : r.sni())
                + "  started " + Instant.ofEpochSecond(0, r.startNanos()));
        out.println(r.decrypted() ? "  decrypted with the " + r.method()
                : "  not decrypted: " + r.reason());
        if (r.missingBytes() > 0) {
            out.println("  note: " + r.missingBytes() + " bytes of this connection were not captured;"
                    + " records after the gap are not shown");
        }
        StringBuilder line = new StringBuilder();
        for (SessionReport.AppData d : r.records()) {
            line.setLength(0);
            line.append("  ");
            seconds(line, d.timeNanos() - r.startNanos());
            line.append(" s  ").append(d.fromClient() ? "client -> server" : "server -> client").append("  ")
                    .append(d.data().length).append(" bytes  ");
            int at = line.length();
            line.append("text: ");
            if (!Plaintext.appendText(line, d.data(), false)) {
                line.setLength(at);
                line.append("hex: ").append(HexFormat.of().formatHex(d.data()));
            }
            out.println(line);
        }
    }

    /** As printf's %+.6f of the seconds: sign, then microseconds rounded half up. */
    static void seconds(StringBuilder b, long nanos) {
        long micros = Math.round(Math.abs(nanos) / 1000.0);
        String frac = Long.toString(micros % 1_000_000);
        b.append(nanos < 0 ? '-' : '+').append(micros / 1_000_000).append('.');
        b.append("000000", 0, 6 - frac.length()).append(frac);
    }

    private void printJson(SessionReport r) {
        StringBuilder b = new StringBuilder(sessions > 1 ? "," : "").append('{');
        field(b, "client", endpoint(r.client())).append(',');
        field(b, "server", endpoint(r.server())).append(',');
        field(b, "start", Instant.ofEpochSecond(0, r.startNanos()).toString()).append(',');
        field(b, "protocol", r.protocol()).append(',');
        field(b, "cipherSuite", r.cipherSuite()).append(',');
        field(b, "sni", r.sni()).append(',');
        b.append("\"decrypted\":").append(r.decrypted()).append(',');
        field(b, "method", r.method()).append(',');
        field(b, "reason", r.reason()).append(",\"missingBytes\":").append(r.missingBytes()).append(",\"records\":[");
        for (int i = 0; i < r.records().size(); i++) {
            SessionReport.AppData d = r.records().get(i);
            b.append(i > 0 ? ",{" : "{");
            field(b, "direction", d.fromClient() ? "client->server" : "server->client").append(',');
            field(b, "time", Instant.ofEpochSecond(0, d.timeNanos()).toString()).append(',');
            b.append("\"length\":").append(d.data().length).append(',');
            int at = b.length();
            b.append("\"text\":\"");
            if (Plaintext.appendText(b, d.data(), true)) {
                b.append('"');
            } else {
                b.setLength(at);
                field(b, "hex", HexFormat.of().formatHex(d.data()));
            }
            b.append('}');
        }
        out.print(b.append("]}"));
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        return value == null ? b.append("null") : b.append('"').append(escape(value, true)).append('"');
    }

    private static String endpoint(InetSocketAddress a) {
        return Plaintext.endpoint(a);
    }

    private static String escape(String s, boolean json) {
        return Plaintext.escape(s, json);
    }
}
