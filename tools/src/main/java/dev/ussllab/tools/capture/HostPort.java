package dev.ussllab.tools.capture;

import dev.ussllab.profile.LabException;
import java.net.InetSocketAddress;

/** Parses ADDR:PORT, HOST:PORT and [IPv6]:PORT for the capture options. */
final class HostPort {

    private HostPort() {}

    static InetSocketAddress parse(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw bad(option, value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw bad(option, value); // a bare IPv6 address is ambiguous: it needs brackets
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(option, value);
        }
        if (port < 1 || port > 65535) {
            throw LabException.badInput(option + " " + value + ": port " + port + " is out of range", "give a port from 1 to 65535");
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw LabException.badInput(option + " " + value + ": " + host + " does not resolve", "give an address or a host name that resolves");
        }
        return a;
    }

    private static LabException bad(String option, String value) {
        return LabException.badInput(option + " " + value + " is not ADDR:PORT", "e.g. 127.0.0.1:8443 or [::1]:8443");
    }
}
