package dev.ussllab.tools.decrypt;

import dev.ussllab.host.decrypt.Plaintext;
import dev.ussllab.host.decrypt.SessionReport;
import dev.ussllab.host.decrypt.TextBuffer;
import dev.ussllab.profile.LabException;
import dev.ussllab.tools.BytePrintWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Prints session reports as text (one line per record) or as JSON lines inside one document.
 * Sessions are rendered as the bytes that will be written ({@link TextBuffer}), in the charset of
 * the output: written as they are to a {@link BytePrintWriter} (the command line's standard
 * output), decoded and printed to any other PrintWriter (tests).
 */
final class ReportPrinter {

    /** Room in front of each rendered session for "session N" or the JSON array's comma. */
    private static final int PREFIX_ROOM = 24;

    private final PrintWriter out;
    private final BytePrintWriter bytes;
    private final Charset charset;
    private final boolean json;
    private int sessions;

    ReportPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.bytes = out instanceof BytePrintWriter b ? b : null;
        this.charset = bytes != null ? bytes.charset() : StandardCharsets.UTF_8;
        this.json = json;
        if (json) {
            out.print("{\"sessions\":[");
        }
    }

    void print(SessionReport r) {
        print(render(r));
    }

    /**
     * All a session prints but its number ("session N") or its separator in the JSON array: pure,
     * so the decrypting worker threads build it and the printing thread only writes.
     */
    TextBuffer render(SessionReport r) {
        return json ? renderJson(r, charset) : renderText(r, charset);
    }

    /** Prints a rendered session, in order. */
    void print(TextBuffer rendered) {
        sessions++;
        if (json) {
            if (sessions > 1) {
                rendered.prepend(",");
            }
        } else {
            rendered.prepend("session " + sessions);
        }
        if (bytes != null) {
            bytes.writeBytes(rendered.array(), rendered.start(), rendered.length());
        } else {
            out.print(rendered);
        }
        flush();
    }

    /**
     * PrintWriter keeps write errors to itself: a full disk under `decrypt ... > out.txt` would
     * otherwise end in exit 0 and a cut file. One line naming the file, exit 1.
     */
    private void flush() {
        if (out.checkError()) { // flushes, then reports any error so far
            throw LabException.failure("cannot write the output to " + outputName()
                    + ": the write failed (disk full or file too large)",
                    "free space or write elsewhere; the sessions printed before it are complete");
        }
    }

    /** The file standard output goes to, where the system says (Linux), else "standard output". */
    static String outputName() {
        try {
            Path target = Path.of("/proc/self/fd/1").toRealPath();
            if (Files.isRegularFile(target)) {
                return target.toString();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no such link
        }
        return "standard output";
    }

    /** Closes the JSON document; in text mode says how many sessions were found. */
    void finish(long connections) {
        finish(connections, null);
    }

    /** @param rsaProvider who ran the RSA private operations (with --key), named in the JSON document */
    void finish(long connections, String rsaProvider) {
        if (json) {
            StringBuilder b = new StringBuilder("],\"tcpConnections\":").append(connections);
            if (rsaProvider != null) {
                field(b.append(','), "rsaProvider", rsaProvider);
            }
            out.println(b.append('}'));
        } else if (sessions == 0) {
            out.println("no TLS sessions found in " + connections + " TCP connection(s)");
        }
        flush();
    }

    private static TextBuffer renderText(SessionReport r, Charset charset) {
        String nl = System.lineSeparator();
        long text = 256;
        for (SessionReport.AppData d : r.records()) {
            text += 64 + d.data().length + (d.data().length >> 3); // sized once: no copies as it grows
        }
        TextBuffer b = new TextBuffer((int) Math.min(text, 1 << 26), PREFIX_ROOM, charset);
        b.append(": ").append(endpoint(r.client())).append(" -> ").append(endpoint(r.server())).append("  ")
                .append(r.protocol()).append("  ").append(r.cipherSuite()).append("  SNI ")
                .append(r.sni() == null ? "(none)" : r.sni()).append("  started ")
                .append(Instant.ofEpochSecond(0, r.startNanos()).toString()).append(nl);
        b.append(r.decrypted() ? "  decrypted with the " + r.method() : "  not decrypted: " + r.reason()).append(nl);
        if (r.missingBytes() > 0) {
            b.append("  note: ").append(r.missingBytes()).append(" bytes of this connection were not captured;"
                    + " records after the gap are not shown").append(nl);
        }
        for (SessionReport.AppData d : r.records()) {
            b.append("  ");
            seconds(b, d.timeNanos() - r.startNanos());
            b.append(" s  ").append(d.fromClient() ? "client -> server" : "server -> client").append("  ")
                    .append(d.data().length).append(" bytes  ");
            int at = b.length();
            b.append("text: ");
            if (!Plaintext.appendText(b, d.data(), false)) {
                b.setLength(at);
                b.append("hex: ").hex(d.data());
            }
            b.append(nl);
        }
        return b;
    }

    /** As printf's %+.6f of the seconds: sign, then microseconds rounded half up. */
    static void seconds(TextBuffer b, long nanos) {
        long micros = Math.round(Math.abs(nanos) / 1000.0);
        long frac = micros % 1_000_000;
        b.append(nanos < 0 ? '-' : '+').append(micros / 1_000_000).append('.');
        for (long digit = 100_000; digit > 0; digit /= 10) {
            b.append((char) ('0' + frac / digit % 10));
        }
    }

    private static TextBuffer renderJson(SessionReport r, Charset charset) {
        long size = 512;
        for (SessionReport.AppData d : r.records()) {
            size += 128 + d.data().length + (d.data().length >> 3);
        }
        TextBuffer b = new TextBuffer((int) Math.min(size, 1 << 26), PREFIX_ROOM, charset).append('{');
        field(b, "client", endpoint(r.client())).append(',');
        field(b, "server", endpoint(r.server())).append(',');
        field(b, "start", Instant.ofEpochSecond(0, r.startNanos()).toString()).append(',');
        field(b, "protocol", r.protocol()).append(',');
        field(b, "cipherSuite", r.cipherSuite()).append(',');
        field(b, "sni", r.sni()).append(',');
        b.append("\"decrypted\":").append(r.decrypted() ? "true" : "false").append(',');
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
                b.append("\"hex\":\"").hex(d.data()).append('"');
            }
            b.append('}');
        }
        return b.append("]}");
    }

    private static TextBuffer field(TextBuffer b, String name, String value) {
        b.append('"').append(name).append("\":");
        return value == null ? b.append("null") : b.append('"').append(escape(value, true)).append('"');
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
