package dev.ussllab.host.hello;

import dev.ussllab.host.LocalAddresses;
import dev.ussllab.profile.LabException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.bouncycastle.util.IPAddress;

/**
 * ADDR:PORT as the user types it ("127.0.0.1:4433", "[::1]:4433", "localhost:4433", ":4433"), for
 * every --listen and --forward option (hello, capture). A bare IPv6 address ("::1:80") is refused:
 * it cannot be told apart from an address without a port.
 */
public final class HostPort {

    private HostPort() {}

    /** An address to listen on: a literal address that this machine owns (no DNS), and a port. */
    public static InetSocketAddress listen(String text, String option) {
        String[] hp = split(text, option);
        String host = hp[0].isEmpty() || hp[0].equalsIgnoreCase("localhost") ? "127.0.0.1" : hp[0];
        if (!IPAddress.isValid(host)) { // literals only: a name would cost a DNS query
            throw LabException.badInput(option + " " + text + ": '" + host + "' is not an IP address",
                    "listen on a literal address such as 127.0.0.1:4433 or [::1]:4433");
        }
        InetAddress addr = resolve(host, text, option);
        if (!LocalAddresses.isLocal(addr)) {
            throw LabException.badInput(option + " " + text + ": cannot listen on it: " + addr.getHostAddress()
                    + " is not on this machine", LocalAddresses.LIST_HINT);
        }
        return new InetSocketAddress(addr, port(hp[1], text, option));
    }

    /** A server to connect to: host name or address, and a port (resolved now, once). */
    public static InetSocketAddress connect(String text, String option) {
        String[] hp = split(text, option);
        if (hp[0].isEmpty()) {
            throw LabException.badInput(option + " " + text + ": no host", "write HOST:PORT, e.g. 127.0.0.1:12345");
        }
        int port = port(hp[1], text, option);
        if (port == 0) {
            throw LabException.badInput(option + " " + text + ": port 0 cannot be connected to", "give the server's port");
        }
        return new InetSocketAddress(resolve(hp[0], text, option), port);
    }

    private static String[] split(String text, String option) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon < 0) {
            throw notHostPort(text, option, "it has no port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw notHostPort(text, option, "an IPv6 address needs brackets");
        }
        return new String[] {host, text.substring(colon + 1)};
    }

    private static int port(String p, String text, String option) {
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw notHostPort(text, option, "'" + p + "' is not a port");
        }
        if (port < 0 || port > 65535) {
            throw LabException.badInput(option + " " + text + ": port " + port + " is out of range", "give a port up to 65535");
        }
        return port;
    }

    private static LabException notHostPort(String text, String option, String why) {
        return LabException.badInput(option + " " + text + " is not ADDR:PORT: " + why, "e.g. 127.0.0.1:8443 or [::1]:8443");
    }

    private static InetAddress resolve(String host, String text, String option) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw LabException.badInput(option + " " + text + ": unknown host '" + host + "'",
                    "check the name or give an IP address");
        }
    }
}
