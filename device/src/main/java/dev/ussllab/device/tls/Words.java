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
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    static String refused(String where) {
        return "nothing listens on " + where + " (connection refused): start the server or check --host/--port";
    }

    static String timeout(String where, int timeoutMs) {
        return "the server at " + where + " did not answer within "
                + (timeoutMs > 0 ? (timeoutMs % 1000 == 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms") : "the timeout")
                + ": is it stuck, or not a TLS server?";
    }

    static String closed(String where) {
        return "the server at " + where + " closed the connection during the handshake";
    }

    static String notTls(String where, String firstBytes) {
        return "the server at " + where + " does not speak TLS: it answered in plain text (\""
                + firstBytes.strip() + "...\")";
    }
}
