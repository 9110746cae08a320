package dev.ussllab.tools.hello;

import dev.ussllab.host.hello.Decryptability;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.Extension;
import dev.ussllab.profile.hello.Ja3;
import dev.ussllab.profile.hello.Ja4;
import dev.ussllab.profile.hello.TlsNames;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import dev.ussllab.tools.hello.HelloColumn.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The side-by-side table: one row per field, one column per hello, a cell being one or more
 * lines. Text, Markdown and JSON renderings are pure functions of the columns.
 */
final class ComparisonTable {

    /** Marks a suite whose key exchange is RSA (decryptable with key.pem alone). */
    static final String RSA_MARK = " [RSA]";

    /** Between two columns of the text table. */
    private static final String GAP = "  ";

    record Row(String field, List<List<String>> cells) {}

    private ComparisonTable() {}

    static List<Row> rows(List<HelloColumn> columns) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("source", columns, c -> List.of(c.source())));
        rows.add(row("record version", columns, c -> List.of(c.hello().recordVersion() == ClientHello.NO_RECORD
                ? "-" : TlsNames.version(c.hello().recordVersion()))));
        rows.add(row("client_version", columns, c -> List.of(TlsNames.version(c.hello().clientVersion()))));
        rows.add(row("supported_versions", columns, c -> c.hello().supportedVersions().isEmpty() ? List.of("-")
                : c.hello().supportedVersions().stream().map(TlsNames::version).toList()));
        rows.add(row("cipher suites", columns, c -> c.hello().cipherSuites().stream().map(ComparisonTable::suite).toList()));
        rows.add(row("extensions", columns, c -> c.hello().extensions().isEmpty() ? List.of("-")
                : c.hello().extensions().stream().map(Extension::name).toList()));
        rows.add(row("SNI", columns, c -> List.of(c.hello().serverName().map(TlsNames::printable).orElse("-"))));
        rows.add(row("JA3", columns, c -> List.of(Ja3.of(c.hello()).md5())));
        rows.add(row("JA4", columns, c -> List.of(Ja4.of(c.hello()).fingerprint())));
        for (String policy : List.of("krsa", "compat", "modern")) {
            rows.add(row("host " + policy, columns, c -> List.of(outcome(c.outcomes().get(policy)))));
        }
        rows.add(row("decryptable with key.pem", columns, ComparisonTable::decryptable));
        return rows;
    }

    private interface Cell {
        List<String> of(HelloColumn c);
    }

    private static Row row(String field, List<HelloColumn> columns, Cell cell) {
        List<List<String>> cells = new ArrayList<>();
        for (HelloColumn c : columns) {
            cells.add(cell.of(c));
        }
        return new Row(field, cells);
    }

    static String suite(int code) {
        String name = CipherSuiteInfo.of(code).filter(s -> !s.opensslName().equals("-"))
                .map(CipherSuiteInfo::opensslName).orElse(CipherSuiteInfo.name(code));
        return name + (CipherSuiteInfo.isRsaKeyExchange(code) ? RSA_MARK : "");
    }

    static String outcome(Outcome o) {
        if (o == null) {
            return "-";
        }
        if (!o.ok()) {
            return "refused" + (o.refusal() == null ? "" : ": " + o.refusal());
        }
        return o.protocol() + " " + suite(o.suite()) + (o.replayed() ? " (replayed)" : "");
    }

    /** Under which policies the negotiated session uses RSA key exchange. */
    private static List<String> decryptable(HelloColumn c) {
        List<String> yes = new ArrayList<>();
        c.outcomes().forEach((policy, o) -> {
            if (o.ok() && CipherSuiteInfo.isRsaKeyExchange(o.suite())) {
                yes.add(policy);
            }
        });
        if (yes.isEmpty()) {
            return List.of(Decryptability.of(c.hello()).possible() ? "no (host picked forward secrecy)" : "no");
        }
        return List.of("yes under " + String.join(", ", yes));
    }

    /**
     * Refusal reasons are long sentences: in the text table the cell says "refused [n]" and the
     * reason is printed once below the table. Columns that do not fit in {@code width} characters
     * go to further panels below, each repeating the field names (0: one panel however wide).
     */
    static String text(List<HelloColumn> columns, int width) {
        List<String> notes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (Row r : rows(columns)) {
            List<List<String>> cells = new ArrayList<>();
            for (List<String> cell : r.cells()) {
                cells.add(cell.stream().map(line -> footnote(line, notes)).toList());
            }
            rows.add(new Row(r.field(), cells));
        }
        List<String> names = columns.stream().map(HelloColumn::name).toList();
        int fieldWidth = rows.stream().mapToInt(r -> r.field().length()).max().orElse(0);
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = names.get(i).length();
            for (Row r : rows) {
                for (String line : r.cells().get(i)) {
                    widths[i] = Math.max(widths[i], line.length());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int from = 0; from < widths.length; ) {
            int to = from + 1; // at least one column per panel, however wide
            int used = fieldWidth + GAP.length() + widths[from];
            while (to < widths.length && (width <= 0 || used + GAP.length() + widths[to] <= width)) {
                used += GAP.length() + widths[to++];
            }
            if (from > 0) {
                out.append('\n');
            }
            panel(out, fieldWidth, names.subList(from, to), rows, from, to, widths);
            from = to;
        }
        for (int i = 0; i < notes.size(); i++) {
            wrap(out, "[" + (i + 1) + "] " + notes.get(i), width);
        }
        return out.toString();
    }

    /** A footnote, broken between words to fit the width, continuation lines under its text. */
    private static void wrap(StringBuilder out, String note, int width) {
        StringBuilder line = new StringBuilder();
        for (String word : note.split(" ")) {
            if (line.length() > 0 && width > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append("    "); // past "[n] "
            } else if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }

    private static String footnote(String line, List<String> notes) {
        String prefix = "refused: ";
        if (!line.startsWith(prefix)) {
            return line;
        }
        String reason = line.substring(prefix.length());
        if (!notes.contains(reason)) {
            notes.add(reason);
        }
        return "refused [" + (notes.indexOf(reason) + 1) + "]";
    }

    /** The columns from..to-1 of the table, the field names on the left. */
    private static void panel(StringBuilder out, int fieldWidth, List<String> header, List<Row> rows, int from, int to,
            int[] widths) {
        int[] width = Arrays.copyOfRange(widths, from, to);
        appendLine(out, "", fieldWidth, header, width);
        for (Row r : rows) {
            List<List<String>> cells = r.cells().subList(from, to);
            int height = cells.stream().mapToInt(List::size).max().orElse(1);
            for (int line = 0; line < height; line++) {
                List<String> parts = new ArrayList<>();
                for (List<String> cell : cells) {
                    parts.add(line < cell.size() ? cell.get(line) : "");
                }
                appendLine(out, line == 0 ? r.field() : "", fieldWidth, parts, width);
            }
        }
    }

    private static void appendLine(StringBuilder out, String field, int fieldWidth, List<String> parts, int[] width) {
        StringBuilder line = new StringBuilder(String.format("%-" + fieldWidth + "s", field));
        for (int i = 0; i < parts.size(); i++) {
            line.append(GAP).append(String.format("%-" + width[i] + "s", parts.get(i)));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    static String markdown(List<HelloColumn> columns) {
        StringBuilder out = new StringBuilder("| field |");
        columns.forEach(c -> out.append(' ').append(md(c.name())).append(" |"));
        out.append("\n|---|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        for (Row r : rows(columns)) {
            out.append("| ").append(md(r.field())).append(" |");
            for (List<String> cell : r.cells()) {
                out.append(' ').append(String.join("<br>", cell.stream().map(ComparisonTable::md).toList())).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }
}
