package dev.ussllab.host.keys;

import dev.ussllab.profile.LabException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The subjectAltName entries of a certificate, written the way openssl's -addext takes them
 * ("DNS:localhost,IP:127.0.0.1"). Clients that check host names look here, not at the CN.
 */
public final class SubjectAltNames {

    /** What a lab certificate names by default: the loopback host the demo and tests use. */
    public static final List<String> DEFAULTS = List.of("DNS:localhost", "IP:127.0.0.1");

    // Literal IPv4/IPv6 only: a SAN is never resolved, so a host name given as IP: is an error.
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Exactly four decimal parts 0-255 (no octal, no short forms). */
    private static final Pattern IPV4_DOTTED = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final List<String> entries;

    private SubjectAltNames(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses "DNS:x,IP:y" (either list may be empty); adds the access point's address when given.
     * Duplicates are dropped, order kept.
     */
    public static SubjectAltNames parse(String spec, String accessPointAddress) {
        Set<String> out = new LinkedHashSet<>();
        if (spec != null && !spec.isBlank()) {
            for (String raw : spec.split(",")) {
                out.add(normalise(raw.trim(), spec));
            }
        }
        if (accessPointAddress != null && !accessPointAddress.isBlank()) {
            out.add(normalise("IP:" + accessPointAddress.trim(), accessPointAddress));
        }
        return new SubjectAltNames(new ArrayList<>(out));
    }

    /** The defaults (localhost, 127.0.0.1) plus the access point's address when given. */
    public static SubjectAltNames defaults(String accessPointAddress) {
        return parse(String.join(",", DEFAULTS), accessPointAddress);
    }

    private static String normalise(String entry, String whole) {
        int colon = entry.indexOf(':');
        String type = colon < 0 ? "" : entry.substring(0, colon).trim().toUpperCase();
        String value = colon < 0 ? "" : entry.substring(colon + 1).trim();
        if (value.isEmpty() || !(type.equals("DNS") || type.equals("IP"))) {
            throw LabException.badInput("subject alternative name '" + entry + "' in '" + whole
                    + "' is not DNS:name or IP:address", "write e.g. --san DNS:localhost,IP:192.168.4.1");
        }
        if (type.equals("IP")) {
            if (value.indexOf(':') < 0 && !IPV4_DOTTED.matcher(value).matches()) {
                // InetAddress takes inet_aton's short forms: "192.168.11" would quietly mean 192.168.0.11.
                throw LabException.badInput("'" + value + "' is not an IPv4 address of four dotted decimal parts (0-255)",
                        "write it in full, e.g. 192.168.11.1, or an IPv6 address");
            }
            if (!IP_LITERAL.matcher(value).matches()) {
                throw LabException.badInput("'" + value + "' is not an IP address", "write IP:192.168.4.1 or use DNS:" + value);
            }
            try {
                value = InetAddress.getByName(value).getHostAddress();
            } catch (UnknownHostException e) {
                throw LabException.badInput("'" + value + "' is not an IP address", "write IP:192.168.4.1");
            }
        }
        return type + ":" + value;
    }

    public List<String> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    GeneralNames toGeneralNames() {
        GeneralName[] names = new GeneralName[entries.size()];
        for (int i = 0; i < names.length; i++) {
            String e = entries.get(i);
            names[i] = e.startsWith("DNS:")
                    ? new GeneralName(GeneralName.dNSName, e.substring(4))
                    : new GeneralName(GeneralName.iPAddress, e.substring(3));
        }
        return new GeneralNames(names);
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
