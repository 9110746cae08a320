package dev.ussllab.profile.suites;

import dev.ussllab.profile.LabException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * OpenSSL's cipher-list language (ciphers(1), "CIPHER LIST FORMAT") over {@link CipherSuiteInfo}:
 * terms separated by ':' ',' or spaces; a term is selectors joined by '+' (all must match);
 * a leading '!' removes for good, '-' removes (a later term may add back), '+' moves to the end.
 * Unlike OpenSSL, every selector applies to TLS 1.3 suites too (OpenSSL lists those whatever
 * the string says), so {@code kRSA} lists only RSA-key-exchange suites and {@code TLSv1.3} works.
 */
public final class CipherExpression {

    /** The suites OpenSSL flags SSL_NOT_DEFAULT (the COMPLEMENTOFDEFAULT selector), by OpenSSL name. */
    private static final Set<String> NOT_DEFAULT = notDefault();

    /** OpenSSL 3.0's default list (OSSL_default_cipher_list), which a leading DEFAULT stands for. */
    static final String DEFAULT_LIST = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

    private static final Map<String, Predicate<CipherSuiteInfo>> SELECTORS = Map.ofEntries(
            // Every non-null suite OpenSSL 3.0 knows is HIGH (AES, Camellia, ARIA, CHACHA20: SSL_HIGH); the
            // null ciphers are STRONG_NONE; nothing is MEDIUM, LOW or EXPORT any more (no 3DES, RC4, DES).
            Map.entry("HIGH", s -> !s.signalling() && !s.enc().equals("None")),
            Map.entry("MEDIUM", s -> false),
            Map.entry("LOW", s -> false),
            Map.entry("EXPORT", s -> false),
            Map.entry("COMPLEMENTOFDEFAULT", s -> NOT_DEFAULT.contains(s.opensslName())),
            // ALL leaves out the null ciphers, as OpenSSL's ALL does (COMPLEMENTOFALL has them).
            Map.entry("ALL", s -> !s.signalling() && !s.enc().equals("None")),
            Map.entry("COMPLEMENTOFALL", s -> s.enc().equals("None")),
            Map.entry("KRSA", s -> s.kx().equals("RSA")),
            Map.entry("RSA", s -> s.kx().equals("RSA")),
            Map.entry("ARSA", s -> s.au().equals("RSA")),
            Map.entry("KECDHE", s -> s.kx().equals("ECDH")),
            Map.entry("KEECDH", s -> s.kx().equals("ECDH")),
            Map.entry("ECDHE", s -> s.kx().equals("ECDH") && !s.au().equals("None")),
            Map.entry("EECDH", s -> s.kx().equals("ECDH") && !s.au().equals("None")),
            Map.entry("KDHE", s -> s.kx().equals("DH")),
            Map.entry("KEDH", s -> s.kx().equals("DH")),
            Map.entry("DHE", s -> s.kx().equals("DH") && !s.au().equals("None")),
            Map.entry("EDH", s -> s.kx().equals("DH") && !s.au().equals("None")),
            Map.entry("ECDH", s -> s.kx().equals("ECDH")),
            Map.entry("DH", s -> s.kx().equals("DH")),
            Map.entry("KPSK", s -> s.kx().equals("PSK")),
            Map.entry("KRSAPSK", s -> s.kx().equals("RSAPSK")),
            Map.entry("KDHEPSK", s -> s.kx().equals("DHEPSK")),
            Map.entry("KECDHEPSK", s -> s.kx().equals("ECDHEPSK")),
            Map.entry("APSK", s -> s.au().equals("PSK")),
            Map.entry("KSRP", s -> s.kx().equals("SRP")),
            Map.entry("ASRP", s -> s.au().equals("SRP")),
            Map.entry("SRP", s -> s.kx().equals("SRP")),
            Map.entry("PSK", s -> s.kx().endsWith("PSK")),
            Map.entry("AECDSA", s -> s.au().equals("ECDSA")),
            Map.entry("ECDSA", s -> s.au().equals("ECDSA")),
            Map.entry("ADSS", s -> s.au().equals("DSS")),
            Map.entry("DSS", s -> s.au().equals("DSS")),
            Map.entry("ANULL", s -> s.au().equals("None")),
            Map.entry("ENULL", s -> s.enc().equals("None")),
            Map.entry("NULL", s -> s.enc().equals("None")),
            Map.entry("AES", s -> s.enc().startsWith("AES")),
            Map.entry("AES128", s -> s.enc().startsWith("AES") && s.enc().endsWith("(128)")),
            Map.entry("AES256", s -> s.enc().startsWith("AES") && s.enc().endsWith("(256)")),
            Map.entry("AESGCM", s -> s.enc().startsWith("AESGCM")),
            Map.entry("AESCCM", s -> s.enc().startsWith("AESCCM")),
            Map.entry("AESCCM8", s -> s.enc().startsWith("AESCCM8")),
            Map.entry("CHACHA20", s -> s.enc().startsWith("CHACHA20")),
            Map.entry("CAMELLIA", s -> s.enc().startsWith("Camellia")),
            Map.entry("CAMELLIA128", s -> s.enc().equals("Camellia(128)")),
            Map.entry("CAMELLIA256", s -> s.enc().equals("Camellia(256)")),
            Map.entry("ARIA", s -> s.enc().startsWith("ARIA")),
            Map.entry("ARIA128", s -> s.enc().startsWith("ARIA") && s.enc().endsWith("(128)")),
            Map.entry("ARIA256", s -> s.enc().startsWith("ARIA") && s.enc().endsWith("(256)")),
            Map.entry("SHA1", s -> s.mac().equals("SHA1")),
            Map.entry("SHA", s -> s.mac().equals("SHA1")),
            Map.entry("SHA256", s -> s.mac().equals("SHA256")),
            Map.entry("SHA384", s -> s.mac().equals("SHA384")),
            Map.entry("MD5", s -> s.mac().equals("MD5")),
            Map.entry("SSLV3", s -> s.protocol().equals("SSLv3")),
            Map.entry("TLSV1", s -> s.protocol().equals("TLSv1")),
            Map.entry("TLSV1.0", s -> s.protocol().equals("TLSv1")),
            Map.entry("TLSV1.2", s -> s.protocol().equals("TLSv1.2")),
            Map.entry("TLSV1.3", s -> s.protocol().equals("TLSv1.3")));

    /** The selectors, for help texts. */
    public static final String KNOWN = "DEFAULT (first only), ALL, HIGH, MEDIUM, LOW, COMPLEMENTOFDEFAULT, COMPLEMENTOFALL, @STRENGTH, @SECLEVEL=N, kRSA/RSA, aRSA, kECDHE, ECDHE, ECDH, kDHE, DHE, DH, "
            + "PSK, kPSK, aPSK, kRSAPSK, kDHEPSK, kECDHEPSK, SRP, aECDSA, aDSS, aNULL, eNULL, AES, AES128, AES256, "
            + "AESGCM, AESCCM, AESCCM8, CHACHA20, CAMELLIA, ARIA (each also 128/256), SHA1, SHA256, SHA384, MD5, "
            + "SSLv3, TLSv1, TLSv1.2, TLSv1.3, or a suite name";

    private CipherExpression() {}

    /**
     * The suites the expression selects, in order. This is OpenSSL's own mechanism
     * (ssl/ssl_ciph.c, ssl_cipher_apply_rule): one list of every suite in base order, each active
     * or not. A plain term appends the inactive matches to the tail and activates them; '-'
     * deactivates the active matches and moves them to the head (so a later term re-adds them in
     * their current order); '+' moves the active matches to the tail; '!' drops them from the list.
     */
    public static List<CipherSuiteInfo> select(String expression) {
        List<CipherSuiteInfo> order = new ArrayList<>(CipherSuiteInfo.all());
        Set<CipherSuiteInfo> active = new HashSet<>();
        String rules = expression.trim();
        // ssl_create_cipher_list: a leading DEFAULT is replaced by the default list, the rest follows.
        if (rules.regionMatches(true, 0, "DEFAULT", 0, 7) && (rules.length() == 7 || ":, ".indexOf(rules.charAt(7)) >= 0)) {
            rules = DEFAULT_LIST + rules.substring(7);
        }
        for (String term : rules.split("[:, ]+")) {
            if (term.isEmpty()) {
                continue;
            }
            if (term.startsWith("@")) {
                special(term, expression, order, active);
                continue;
            }
            if (term.equalsIgnoreCase("DEFAULT")) {
                throw LabException.badInput("DEFAULT in '" + expression + "' must come first, as in OpenSSL", "write e.g. DEFAULT:!kRSA");
            }
            char op = term.charAt(0);
            String body = op == '!' || op == '-' || op == '+' ? term.substring(1) : term;
            Predicate<CipherSuiteInfo> match = term(body, expression);
            List<CipherSuiteInfo> matching = order.stream().filter(match).toList();
            switch (op) {
                case '!' -> {
                    order.removeAll(new HashSet<>(matching));
                    active.removeAll(matching);
                }
                case '-' -> {
                    List<CipherSuiteInfo> deleted = matching.stream().filter(active::contains).toList();
                    order.removeAll(new HashSet<>(deleted));
                    order.addAll(0, deleted);
                    active.removeAll(deleted);
                }
                case '+' -> moveToTail(order, matching.stream().filter(active::contains).toList());
                default -> {
                    List<CipherSuiteInfo> added = matching.stream().filter(s -> !active.contains(s)).toList();
                    moveToTail(order, added);
                    active.addAll(added);
                }
            }
        }
        return order.stream().filter(active::contains).toList();
    }

    /**
     * @STRENGTH sorts the selected suites by strength bits, strongest first, keeping the order of
     * equals (ssl_cipher_strength_sort). @SECLEVEL=N is accepted and, as in `openssl ciphers -v`
     * without -s, does not change the list (OpenSSL applies the level only when a connection uses it).
     */
    private static void special(String term, String expression, List<CipherSuiteInfo> order, Set<CipherSuiteInfo> active) {
        if (term.equalsIgnoreCase("@STRENGTH")) {
            List<CipherSuiteInfo> selected = new ArrayList<>(order.stream().filter(active::contains).toList());
            selected.sort(java.util.Comparator.comparingInt(CipherExpression::strengthBits).reversed());
            moveToTail(order, selected);
            return;
        }
        if (term.toUpperCase(Locale.ROOT).matches("@SECLEVEL=[0-5]")) {
            return;
        }
        throw LabException.badInput("unknown cipher command '" + term + "' in '" + expression + "'", "use @STRENGTH or @SECLEVEL=0..5");
    }

    /** OpenSSL's strength_bits: the key size in the Enc column ("AESGCM(256)"), 0 for null encryption. */
    static int strengthBits(CipherSuiteInfo s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)\\)").matcher(s.enc());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Set<String> notDefault() {
        try (java.io.InputStream in = CipherExpression.class.getResourceAsStream("not-default.txt")) {
            if (in == null) {
                throw new IllegalStateException("not-default.txt is missing from the jar");
            }
            Set<String> names = new HashSet<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
            return names;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void moveToTail(List<CipherSuiteInfo> order, List<CipherSuiteInfo> moved) {
        order.removeAll(new HashSet<>(moved));
        order.addAll(moved);
    }

    private static Predicate<CipherSuiteInfo> term(String body, String expression) {
        Predicate<CipherSuiteInfo> all = s -> true;
        if (body.isEmpty()) {
            throw unknown(body, expression);
        }
        for (String selector : body.split("\\+")) {
            all = all.and(selector(selector, expression));
        }
        return all;
    }

    private static Predicate<CipherSuiteInfo> selector(String name, String expression) {
        Predicate<CipherSuiteInfo> p = SELECTORS.get(name.toUpperCase(Locale.ROOT));
        if (p != null) {
            return p;
        }
        for (CipherSuiteInfo s : CipherSuiteInfo.all()) { // a single suite by either name
            if (s.opensslName().equals(name) || s.ianaName().equals(name)) {
                return x -> x.equals(s);
            }
        }
        throw unknown(name, expression);
    }

    private static LabException unknown(String name, String expression) {
        return LabException.badInput("unknown cipher selector '" + name + "' in '" + expression + "'",
                "use " + KNOWN);
    }
}
