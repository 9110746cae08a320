package dev.ussllab.host.bridge;

import dev.ussllab.host.keys.CaTrust;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.X509TrustManager;

/**
 * How the bridge judges the upstream server's certificate chain: the JDK's PKIX validation
 * against the system trust store or the CAs of a --cafile, then the server name (RFC 6125: DNS
 * names in subjectAltName, a wildcard only as the whole left-most label; an IP address against
 * IP entries; the CN only when there is no DNS name, as the JDK does). {@link #insecure()}
 * accepts anything and exists for servers whose CA cannot be had.
 */
public final class UpstreamTrust {

    /**
     * The JDK checks key usage by this authentication type: "UNKNOWN" is what it uses for TLS 1.3,
     * and requires digitalSignature, which every forward-secret suite (all the bridge offers) needs.
     */
    private static final String AUTH_TYPE = "UNKNOWN";

    private final X509TrustManager manager;
    private final String source;

    private UpstreamTrust(X509TrustManager manager, String source) {
        this.manager = manager;
        this.source = source;
    }

    /** The JDK's trust store (on Debian, /etc/ssl/certs/java/cacerts, made from the system's CAs). */
    public static UpstreamTrust system() {
        return new UpstreamTrust(manager(null), "the system trust store");
    }

    /** The CA certificates (PEM or DER, one or many) in file, and nothing else. */
    public static UpstreamTrust fromCaFile(Path file) {
        Collection<? extends java.security.cert.Certificate> certs = CaTrust.read(file, "--cafile " + file,
                "give the PEM file of the CA that signed the upstream server's certificate",
                "give PEM certificates (-----BEGIN CERTIFICATE-----)");
        try {
            KeyStore ks = CaTrust.trustStore(certs);
            return new UpstreamTrust(manager(ks), file.toString());
        } catch (IOException | GeneralSecurityException e) {
            throw LabException.badInput("--cafile " + file + " cannot be used: " + e.getMessage(), "give PEM CA certificates");
        }
    }

    /** Accepts every chain and name: for --insecure-upstream only. */
    public static UpstreamTrust insecure() {
        return new UpstreamTrust(null, "nothing (--insecure-upstream)");
    }

    public boolean verifies() {
        return manager != null;
    }

    /** Where trusted CAs come from, for the start line. */
    public String source() {
        return source;
    }

    private static X509TrustManager manager(KeyStore ks) {
        try {
            X509TrustManager x = CaTrust.trustManager(ks);
            if (x != null) {
                return x;
            }
        } catch (GeneralSecurityException e) {
            throw LabException.failure("the JDK's trust store cannot be loaded: " + e.getMessage(), "give --cafile FILE");
        }
        throw LabException.failure("the JDK has no X.509 trust manager", "give --cafile FILE");
    }

    /**
     * Checks a chain (leaf first, DER) for serverName; returns null when trusted, else the
     * reason in words.
     */
    public String problem(List<byte[]> chainDer, String serverName) {
        if (manager == null) {
            return null;
        }
        if (chainDer.isEmpty()) {
            return "the server sent no certificate";
        }
        X509Certificate[] chain;
        try {
            chain = CaTrust.chain(chainDer);
        } catch (CertificateException e) {
            return "the server's certificate cannot be parsed: " + e.getMessage();
        }
        try {
            manager.checkServerTrusted(chain, AUTH_TYPE);
        } catch (CertificateException e) {
            return "certificate " + chain[0].getSubjectX500Principal().getName() + " (issuer "
                    + chain[chain.length - 1].getIssuerX500Principal().getName() + ") is not trusted by " + source
                    + ": " + innermost(e);
        }
        if (serverName != null && !matches(chain[0], serverName)) {
            return "certificate " + chain[0].getSubjectX500Principal().getName() + " is not for " + serverName
                    + " (it names " + names(chain[0]) + ")";
        }
        return null;
    }

    private static String innermost(Throwable t) {
        String m = t.getMessage();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null) {
                m = c.getMessage();
            }
        }
        return m;
    }

    static boolean matches(X509Certificate cert, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String host = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        boolean ip = isIpLiteral(host);
        List<String> dns = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    String value = String.valueOf(entry.get(1));
                    if (type == 7 && ip && sameAddress(value, host)) { // iPAddress
                        return true;
                    }
                    if (type == 2) { // dNSName
                        dns.add(value.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateException e) {
            return false;
        }
        if (ip) {
            return false;
        }
        if (dns.isEmpty()) {
            String cn = commonName(cert);
            return cn != null && dnsMatch(cn.toLowerCase(Locale.ROOT), host);
        }
        return dns.stream().anyMatch(pattern -> dnsMatch(pattern, host));
    }

    /** "*.example.com" matches exactly one left-most label; never "*.com"-style or partial wildcards. */
    static boolean dnsMatch(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        String suffix = pattern.substring(1); // ".example.com"
        if (suffix.chars().filter(c -> c == '.').count() < 2) {
            return false;
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(suffix);
    }

    static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (var rdn : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static String names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    if (type == 2 || type == 7) {
                        out.add((type == 2 ? "DNS:" : "IP:") + entry.get(1));
                    }
                }
            }
        } catch (CertificateException ignored) {
            // fall back to the CN below
        }
        if (out.isEmpty()) {
            String cn = commonName(cert);
            return cn == null ? "no name" : "CN=" + cn;
        }
        return String.join(", ", out);
    }
}
