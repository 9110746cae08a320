package dev.ussllab.device.tls;

import java.net.InetSocketAddress;

/** Plain-words descriptions shared by the board's and the desktop clients' error reports. */
final class Words {

    private Words() {}

    static String address(InetSocketAddress target) {
        if (target == null) {
            return "the server";
        }
        String host = target.getHostString();
        return (host.contains(":") ? "[" + compactIpv6(host) + "]" : host) + ":" + target.getPort();
    }

    /** RFC 5952 short form of the JDK's full IPv6 text ("0:0:0:0:0:0:0:1" -> "::1"). */
    static String compactIpv6(String full) {
        String[] groups = full.split(":", -1);
        if (groups.length != 8) {
            return full; // already short (as typed) or not what the JDK prints
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return full;
        }
        String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
        return left + "::" + right;
    }

    static String refused(String where) {
        return "nothing listens on " + where + " (connection refused): start the server or check --host/--port";
    }

    static String timeout(String where, int timeoutMs) {
        return "the server at " + where + " did not answer within " + seconds(timeoutMs)
                + ": is it stuck, or not a TLS server?";
    }

    static String seconds(int timeoutMs) {
        return timeoutMs > 0 ? (timeoutMs % 1000 == 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms") : "the timeout";
    }

    static String closed(String where) {
        return "the server at " + where + " closed the connection during the handshake";
    }

    static String notTls(String where, String firstBytes) {
        return "the server at " + where + " does not speak TLS: it answered in plain text (\""
                + firstBytes.strip() + "...\")";
    }
}
