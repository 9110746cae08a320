package dev.ussllab.host;

import dev.ussllab.profile.LabException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import org.bouncycastle.util.IPAddress;

/**
 * Turns --bind ADDR / --interface NAME into an address this machine owns, and refuses any other:
 * the seed binds its server to the access point's 192.168.11.1, which only works on the machine
 * that runs the access point. No packet is sent to find out.
 */
public final class LocalAddresses {

    public static final String LIST_HINT = "list this machine's addresses with: ip -br addr";

    private LocalAddresses() {}

    /** A literal address (no DNS lookup) that is configured on this machine, or the wildcard. */
    public static InetAddress bindAddress(String literal) {
        String s = literal == null ? "" : literal.trim();
        if (s.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        // Literals only: resolving a name would send a DNS query, and a name may map to many addresses.
        if (!IPAddress.isValid(s)) {
            throw LabException.badInput("'" + literal + "' is not an IP address", "give --bind an address such as 127.0.0.1 or 192.168.4.1");
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw LabException.badInput("'" + literal + "' is not an IP address", "give --bind an address such as 127.0.0.1 or 192.168.4.1");
        }
        if (!isLocal(addr)) {
            throw LabException.badInput("address " + addr.getHostAddress() + " is not on this machine, cannot bind to it", LIST_HINT);
        }
        return addr;
    }

    /** The first IPv4 address of the named interface (as the seed binds to the Wi-Fi AP's). */
    public static InetAddress ofInterface(String name) {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            nif = null;
        }
        if (nif == null) {
            throw LabException.badInput("network interface '" + name + "' does not exist", LIST_HINT);
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        throw LabException.badInput("network interface '" + name + "' has no IPv4 address (is it up?)", LIST_HINT);
    }

    /** True for the wildcard, loopback, or an address configured on one of this machine's interfaces. */
    public static boolean isLocal(InetAddress addr) {
        if (addr.isAnyLocalAddress() || addr.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(addr) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
