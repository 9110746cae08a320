package dev.ussllab.device.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a client connects and how long it waits.
 *
 * @param host the address or name to connect to
 * @param port the TCP port
 * @param serverHostname what wrap_socket gets as server_hostname (sent as SNI), or null
 * @param timeout for the connect and for every read (the board would need sock.settimeout())
 */
public record ServerTarget(String host, int port, String serverHostname, Duration timeout) {

    /** The seed's server port. */
    public static final int SEED_PORT = 12345;

    public ServerTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
