package dev.ussllab.tools.hello;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.suites.CipherExpression;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ciphers", mixinStandardHelpOptions = true,
        description = {"List cipher suites like `openssl ciphers -v EXPR`, with the built-in clients that offer each.",
            "EXPR: OpenSSL selectors joined by ':' (or ',' or space), '+' between selectors for AND, and the "
                    + "prefixes '!' (remove for good), '-' (remove) and '+' (move to the end). Selectors: "
                    + CipherExpression.KNOWN + ". Order as OpenSSL's, except that the selectors apply to the TLS 1.3 "
                    + "suites too (openssl lists those first whatever EXPR says), so kRSA lists no TLS 1.3 suite."})
public final class CiphersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPR", defaultValue = "ALL",
            description = "which suites (default: ALL), e.g. kRSA, ECDHE+AESGCM, ALL:!kRSA")
    String expression;

    @Option(names = {"-v", "--verbose"},
            description = "also the hex code, forward secrecy, and whether key.pem alone decrypts the session")
    boolean verbose;

    @Override
    public Integer call() {
        List<CipherSuiteInfo> suites = CipherExpression.select(expression);
        Map<String, List<Integer>> offers = offers();
        List<String[]> rows = new ArrayList<>();
        for (CipherSuiteInfo s : suites) {
            List<String> by = new ArrayList<>();
            offers.forEach((client, codes) -> {
                if (codes.contains(s.code())) {
                    by.add(client);
                }
            });
            String clients = by.isEmpty() ? "-" : String.join(",", by);
            if (verbose) {
                rows.add(new String[] {s.hexCode(), s.ianaName(), s.opensslName(), s.protocol(), "Kx=" + s.kx(),
                    "Au=" + s.au(), "Enc=" + s.enc(), "Mac=" + s.mac(),
                    s.forwardSecret() ? "FS" : s.rsaKeyExchange() ? "RSA-decryptable" : "-", clients});
            } else {
                rows.add(new String[] {s.ianaName(), s.opensslName(), s.protocol(), "Kx=" + s.kx(), "Au=" + s.au(),
                    "Enc=" + s.enc(), "Mac=" + s.mac(), clients});
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (rows.isEmpty()) {
            out.println("(no suite matches " + expression + ")");
        }
        print(out, rows);
        out.flush();
        return 0;
    }

    /** Which built-in client offers which codes, in the profiles' order. */
    static Map<String, List<Integer>> offers() {
        Map<String, List<Integer>> map = new LinkedHashMap<>();
        for (TlsClientProfile p : Profiles.all()) {
            List<Integer> codes = new ArrayList<>();
            for (int c : p.cipherSuites()) {
                codes.add(c);
            }
            map.put(p.name(), codes);
        }
        return map;
    }

    /** Aligned columns, the last one unpadded (as openssl ciphers -v aligns its own). */
    static void print(PrintWriter out, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 1) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
