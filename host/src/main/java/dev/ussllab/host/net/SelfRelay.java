package dev.ussllab.host.net;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.LocalAddresses;
import dev.ussllab.profile.LabException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A relay (capture's tap, hello with --forward, the bridge) told to forward to its own listening address would connect
 * to itself, accept that connection, forward it to itself again, and so on until every connection
 * it allows is taken (4,096 by default): nothing reaches a server and the log fills with its own
 * sessions. This refuses such a target before anything is relayed.
 */
public final class SelfRelay {

    private static final byte[] LOOPBACK4 = {127, 0, 0, 1};
    private static final byte[] LOOPBACK6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private SelfRelay() {}

    /**
     * Throws a one-line bad-input error when a connection to target would reach a socket listening
     * on listening. listenOption and targetOption are the user's names for the two
     * ("--listen", "--forward"); relay names the program ("the capture").
     */
    public static void refuse(InetSocketAddress listening, InetSocketAddress target, String listenOption,
            String targetOption, String relay) {
        if (reaches(target, listening)) {
            throw LabException.badInput(targetOption + " " + ConnectionRecord.hostPort(target) + " is " + relay
                    + "'s own listening address (" + listenOption + " " + ConnectionRecord.hostPort(listening)
                    + "): it would relay every connection to itself",
                    "give " + targetOption + " the real server's address, or " + listenOption + " another port");
        }
    }

    /**
     * True when connecting to target reaches a socket listening on listening (Linux): the same
     * port, and an address the listener covers. A wildcard listener (0.0.0.0 or ::, dual-stack as
     * Java binds it) covers every address of this machine, all of 127/8 and ::1 included; any other
     * covers only itself. A connection to 0.0.0.0 (or ::) goes to the loopback address.
     */
    static boolean reaches(InetSocketAddress target, InetSocketAddress listening) {
        if (target.getPort() != listening.getPort() || target.getPort() == 0 || target.isUnresolved()
                || listening.isUnresolved()) {
            return false;
        }
        InetAddress to = plain(target.getAddress());
        if (to.isAnyLocalAddress()) {
            to = address(to instanceof Inet6Address ? LOOPBACK6 : LOOPBACK4);
        }
        InetAddress on = plain(listening.getAddress());
        if (on.isAnyLocalAddress()) {
            return LocalAddresses.isLocal(to);
        }
        return on.equals(to);
    }

    /** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) as the IPv4 address it stands for. */
    private static InetAddress plain(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                return address(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return a;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
