package dev.ussllab.host;

import dev.ussllab.host.internal.ConnectionHandler;
import dev.ussllab.host.internal.ServerCredentials;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.TlsUtils;

/**
 * The upper-case TLS host: what the seed's sslserver.py does (read one message, answer it
 * upper-cased, close), with TLS 1.3/1.2 under a cipher policy, a bounded pool of workers, and
 * timeouts so a silent client never holds up the others. One {@link ConnectionRecord} per
 * connection goes to the listener.
 */
public final class UpperCaseServer implements AutoCloseable {

    /** Pending TCP connections the kernel holds while all workers are busy. */
    private static final int BACKLOG = 50;
    /** A connection's whole budget is two timeouts: one for the handshake, one for the message. */
    private static final int BUDGET_TIMEOUTS = 2;

    private final ServerSocket listening;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final ConnectionHandler.Shared shared;
    private final Thread acceptor;
    private final HostOptions options;
    private volatile boolean closing;

    private UpperCaseServer(ServerSocket listening, HostOptions options, ConnectionHandler.Shared shared) {
        this.listening = listening;
        this.options = options;
        this.shared = shared;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(options.threads(), options.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.threads() * HostOptions.QUEUE_PER_THREAD),
                r -> daemon(r, "host-worker-" + n.incrementAndGet()));
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "host-watchdog"));
        // A finished connection's deadline leaves the queue at once: otherwise every handler (its
        // socket, ClientHello and message) would stay reachable for two timeouts after its end.
        deadlines.setRemoveOnCancelPolicy(true);
        this.watchdog = deadlines;
        this.acceptor = daemon(this::acceptLoop, "host-accept-" + listening.getLocalPort());
    }

    /**
     * Checks the credentials, binds, and starts accepting. Fails with a one-line LabException
     * when the port is taken or the address is not this machine's.
     */
    public static UpperCaseServer start(KeyMaterial keys, HostOptions options) {
        ServerCredentials credentials = new ServerCredentials(LabCrypto.sharedJca(), keys);
        // Only suites the crypto back-end implements; computed once, not per handshake.
        int[] suites = TlsUtils.getSupportedCipherSuites(LabCrypto.shared(), options.policy().cipherSuites());
        ConnectionHandler.Shared shared = new ConnectionHandler.Shared(credentials, options.policy(), suites,
                options.maxMessage(), (int) options.timeout().toMillis(), options.keyLog(), options.listener(),
                options.observers());
        UpperCaseServer server = new UpperCaseServer(bind(options), options, shared);
        server.acceptor.start();
        return server;
    }

    private static ServerSocket bind(HostOptions options) {
        String where = options.bindAddress().getHostAddress() + " port " + options.port();
        if (!LocalAddresses.isLocal(options.bindAddress())) {
            throw LabException.badInput("address " + options.bindAddress().getHostAddress()
                    + " is not on this machine, cannot bind to it", LocalAddresses.LIST_HINT);
        }
        ServerSocket s = null;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true); // restart at once after a stop, despite TIME_WAIT
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
        return (InetSocketAddress) listening.getLocalSocketAddress();
    }

    public int port() {
        return listening.getLocalPort();
    }

    public HostOptions options() {
        return options;
    }

    /** The suites this host accepts, in its preference order. */
    public List<Integer> cipherSuites() {
        return java.util.Arrays.stream(shared.suites()).boxed().toList();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = listening.accept();
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                continue; // e.g. EMFILE: the next accept may succeed; nothing to hand to anyone
            }
            dispatch(s);
        }
    }

    private void dispatch(Socket s) {
        ConnectionHandler handler = new ConnectionHandler(s, shared);
        ScheduledFuture<?> deadline = watchdog.schedule(handler::expire,
                BUDGET_TIMEOUTS * options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            workers.execute(() -> {
                try {
                    handler.run();
                } finally {
                    deadline.cancel(false);
                }
            });
        } catch (RejectedExecutionException e) {
            deadline.cancel(false);
            closeQuietly(s);
            InetSocketAddress client = (InetSocketAddress) s.getRemoteSocketAddress();
            Instant now = Instant.now();
            shared.listener().connectionEnded(new ConnectionRecord(client, address(), null, -1, List.of(), null,
                    null, null, new byte[0], 0, 0, ConnectionRecord.Outcome.BUSY,
                    "all " + options.threads() + " workers busy and the queue full: closed (raise --threads)",
                    new byte[0], now, null, now));
        }
    }

    /**
     * Stops accepting, lets connections in flight finish (each is bounded by its time budget),
     * then stops the workers. Safe to call twice and from a shutdown hook.
     */
    @Override
    public void close() {
        closing = true;
        closeQuietly(listening);
        workers.shutdown();
        try {
            long waitMs = BUDGET_TIMEOUTS * options.timeout().toMillis() + 1000;
            if (!workers.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
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
