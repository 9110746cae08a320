package dev.ussllab.host;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the host runs. Defaults are the seed's sslserver.py (127.0.0.1:12345, recv(1024)) plus
 * what it lacks: a bound on connections and a deadline for each.
 */
public final class HostOptions {

    /** The seed's port. */
    public static final int DEFAULT_PORT = 12345;
    /** The seed's srequest.recv(1024). */
    public static final int DEFAULT_MAX_MESSAGE = 1024;
    /**
     * Workers doing the TLS work (each TLS_RSA handshake costs one RSA private operation, most of
     * its CPU): one per core. Waiting on sockets needs no thread.
     */
    public static final int DEFAULT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /**
     * Connections open at once before new ones are refused as busy: thousands of idle boards fit,
     * and the process's open-files limit (20,000 on this kind of machine) leaves room for the rest.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;
    static final int MAX_CONNECTIONS_LIMIT = 1 << 20;
    /** Long enough for an ESP8266 at 80 MHz (RSA-2048 verify and a 5 KB Certificate over Wi-Fi). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_THREADS = 256;
    static final int MAX_MESSAGE_LIMIT = 16 * 1024 * 1024;

    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = DEFAULT_PORT;
    private CipherPolicy policy = CipherPolicy.COMPAT;
    private int maxMessage = DEFAULT_MAX_MESSAGE;
    private int threads = DEFAULT_THREADS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private KeyLogSink keyLog = KeyLogSink.NONE;
    private ConnectionListener listener = ConnectionListener.NONE;
    private ConnectionObserver.Factory observers = ConnectionObserver.Factory.NONE;

    public HostOptions bind(InetAddress address) {
        this.bindAddress = Objects.requireNonNull(address);
        return this;
    }

    /** 0 picks a free port (tests, the demo's fallback). */
    public HostOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw LabException.badInput("port " + port + " is out of range", "give --port from 1 to 65535");
        }
        this.port = port;
        return this;
    }

    public HostOptions policy(CipherPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
        return this;
    }

    public HostOptions maxMessage(int bytes) {
        if (bytes < 1 || bytes > MAX_MESSAGE_LIMIT) {
            throw LabException.badInput("--max-message " + bytes + " is out of range", "give 1 to " + MAX_MESSAGE_LIMIT + " bytes (default 1024)");
        }
        this.maxMessage = bytes;
        return this;
    }

    public HostOptions threads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw LabException.badInput("--threads " + threads + " is out of range", "give 1 to " + MAX_THREADS + " (default: the number of cores, " + DEFAULT_THREADS + ")");
        }
        this.threads = threads;
        return this;
    }

    public HostOptions maxConnections(int n) {
        if (n < 1 || n > MAX_CONNECTIONS_LIMIT) {
            throw LabException.badInput("--max-connections " + n + " is out of range", "give 1 to " + MAX_CONNECTIONS_LIMIT + " (default " + DEFAULT_MAX_CONNECTIONS + ")");
        }
        this.maxConnections = n;
        return this;
    }

    public HostOptions timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw LabException.badInput("timeout " + timeout.toMillis() + " ms is not usable", "give --timeout in seconds, at least 1");
        }
        this.timeout = timeout;
        return this;
    }

    public HostOptions keyLog(KeyLogSink sink) {
        this.keyLog = Objects.requireNonNull(sink);
        return this;
    }

    public HostOptions listener(ConnectionListener listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    public HostOptions observers(ConnectionObserver.Factory factory) {
        this.observers = Objects.requireNonNull(factory);
        return this;
    }

    public InetAddress bindAddress() { return bindAddress; }
    public int port() { return port; }
    public CipherPolicy policy() { return policy; }
    public int maxMessage() { return maxMessage; }
    public int threads() { return threads; }
    public int maxConnections() { return maxConnections; }
    public Duration timeout() { return timeout; }
    public KeyLogSink keyLog() { return keyLog; }
    public ConnectionListener listener() { return listener; }
    public ConnectionObserver.Factory observers() { return observers; }
}
