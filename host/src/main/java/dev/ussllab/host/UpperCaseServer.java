package dev.ussllab.host;

import dev.ussllab.host.internal.ConnectionShared;
import dev.ussllab.host.internal.HostLoop;
import dev.ussllab.host.internal.ServerCredentials;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.bouncycastle.tls.TlsUtils;

/**
 * The upper-case TLS host: what the seed's sslserver.py does (read one message, answer it
 * upper-cased, close), with TLS 1.3/1.2 under a cipher policy. Sockets are served by readiness
 * (NIO, Bouncy Castle's TLS in non-blocking mode) with the TLS work on a small pool, so idle or
 * slow clients hold no thread; each connection has a hard deadline from accept to its message.
 * One {@link ConnectionRecord} per connection goes to the listener.
 */
public final class UpperCaseServer implements AutoCloseable {

    /**
     * Pending TCP connections the kernel holds before the loop accepts them: a fleet of boards
     * reconnecting after a power cut arrives at once (the kernel caps it at net.core.somaxconn).
     */
    private static final int BACKLOG = 4096;

    private final ServerSocketChannel listening;
    private final InetSocketAddress address;
    private final HostLoop loop;
    private final HostOptions options;
    private final int[] suites;
    private final String rsaProvider;

    private UpperCaseServer(ServerSocketChannel listening, HostOptions options, ConnectionShared shared) {
        this.listening = listening;
        this.options = options;
        this.suites = shared.suites();
        this.rsaProvider = shared.credentials().rsa().name();
        try {
            this.address = (InetSocketAddress) listening.getLocalAddress();
        } catch (IOException e) {
            throw LabException.failure("cannot listen: " + e.getMessage(), LocalAddresses.LIST_HINT);
        }
        this.loop = HostLoop.start(listening, shared, options.threads(), options.maxConnections());
    }

    /**
     * Checks the credentials, binds, and starts accepting. Fails with a one-line LabException
     * when the port is taken or the address is not this machine's.
     */
    public static UpperCaseServer start(KeyMaterial keys, HostOptions options) {
        ServerCredentials credentials = new ServerCredentials(LabCrypto.sharedJca(), keys);
        // Only suites the crypto back-end implements; computed once, not per handshake.
        int[] suites = TlsUtils.getSupportedCipherSuites(LabCrypto.shared(), options.policy().cipherSuites());
        ConnectionShared shared = new ConnectionShared(credentials, options.policy(), suites,
                options.maxMessage(), (int) options.timeout().toMillis(), options.keyLog(), options.listener(),
                options.observers());
        return new UpperCaseServer(bind(options), options, shared);
    }

    private static ServerSocketChannel bind(HostOptions options) {
        String where = options.bindAddress().getHostAddress() + " port " + options.port();
        if (!LocalAddresses.isLocal(options.bindAddress())) {
            throw LabException.badInput("address " + options.bindAddress().getHostAddress()
                    + " is not on this machine, cannot bind to it", LocalAddresses.LIST_HINT);
        }
        ServerSocketChannel s = null;
        try {
            s = ServerSocketChannel.open();
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true); // restart at once after a stop, despite TIME_WAIT
            s.bind(new InetSocketAddress(options.bindAddress(), options.port()), BACKLOG);
            return s;
        } catch (BindException e) {
            closeQuietly(s);
            String m = String.valueOf(e.getMessage());
            if (m.contains("in use")) {
                throw LabException.failure("port " + options.port() + " on " + options.bindAddress().getHostAddress()
                        + " is already in use", "choose another with --port, or stop the program using it: ss -ltnp shows which");
            }
            if (m.contains("ermission")) {
                throw LabException.failure("binding " + where + " is not permitted (ports below 1024 need root)",
                        "choose --port 1024 or above");
            }
            throw LabException.badInput("cannot bind " + where + ": " + m, LocalAddresses.LIST_HINT);
        } catch (IOException e) {
            closeQuietly(s);
            throw LabException.failure("cannot listen on " + where + ": " + e.getMessage(), LocalAddresses.LIST_HINT);
        }
    }

    /** The address and port actually bound (the port differs from the options' when it was 0). */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    public HostOptions options() {
        return options;
    }

    /** The suites this host accepts, in its preference order. */
    public List<Integer> cipherSuites() {
        return java.util.Arrays.stream(suites).boxed().toList();
    }

    /** Who does the RSA private operation: "Amazon Corretto Crypto Provider 2.5.0" or "JDK SunJCE". */
    public String rsaProvider() {
        return rsaProvider;
    }

    /** Connections open at this moment (idle ones included). */
    public int openConnections() {
        return loop.open();
    }

    /**
     * Stops accepting, lets connections in flight finish (each ends by its deadline at the
     * latest), then stops the workers. Safe to call twice and from a shutdown hook.
     */
    @Override
    public void close() {
        loop.close();
        closeQuietly(listening);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is best effort: the socket is going away either way
            }
        }
    }
}
