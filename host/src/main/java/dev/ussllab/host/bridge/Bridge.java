package dev.ussllab.host.bridge;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.LocalAddresses;
import dev.ussllab.host.bridge.SessionRecord.Outcome;
import dev.ussllab.host.internal.ServerCredentials;
import dev.ussllab.host.net.SelfRelay;
import dev.ussllab.profile.IoErrors;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.TlsUtils;

/**
 * A TLS terminator for boards, like stunnel: boards connect with their TLS_RSA suites and the
 * host's key.pem/cert.pem, and each session is relayed to an upstream server over a modern,
 * verified TLS connection. One thread runs every session (a selector over non-blocking
 * sockets), so an idle board costs two sockets and its buffers, not a thread; each session ends
 * in exactly one {@link SessionRecord}.
 */
public final class Bridge implements AutoCloseable {

    /** Pending TCP connections the kernel holds before accept. */
    private static final int BACKLOG = 128;
    /** How often deadlines are checked: a timeout fires at most this late. */
    private static final long TICK_MILLIS = 200;
    /** At start, how long the upstream gets to accept a TCP connection (the check that it is there). */
    static final int CHECK_CONNECT_MILLIS = 5_000;

    /** What every session shares, built once at start; used only on the bridge's thread. */
    final class Shared {
        private final BridgeOptions options;
        private final ServerCredentials credentials;
        private final int[] boardSuites;
        private final ClientCredentials clientCredentials;
        /** One read buffer for the thread: a whole TLS record and more per read. */
        private final ByteBuffer readBuffer = ByteBuffer.allocate(Leg.OUT_CHUNK);
        private final byte[] plainBuffer = new byte[1 << 14];

        Shared(BridgeOptions options) {
            this.options = options;
            this.credentials = new ServerCredentials(LabCrypto.sharedJca(), options.boardKeys());
            this.boardSuites = TlsUtils.getSupportedCipherSuites(LabCrypto.shared(), BoardServer.POLICY.cipherSuites());
            this.clientCredentials = options.clientKeys() == null ? null
                    : new ClientCredentials(LabCrypto.sharedJca(), options.clientKeys());
        }

        BridgeOptions options() { return options; }
        ServerCredentials credentials() { return credentials; }
        int[] boardSuites() { return boardSuites; }
        ClientCredentials clientCredentials() { return clientCredentials; }
        Selector selector() { return selector; }
        ByteBuffer readBuffer() { return readBuffer; }
        byte[] plainBuffer() { return plainBuffer; }

        void ended(SessionRecord r) {
            try {
                options.listener().accept(r);
            } catch (RuntimeException e) {
                // a listener's failure must not take the bridge's thread down
            }
        }
    }

    private final Selector selector;
    private final ServerSocketChannel server;
    private final Shared shared;
    private final Set<BridgeSession> sessions = new HashSet<>();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    private Bridge(BridgeOptions options, Selector selector, ServerSocketChannel server) {
        this.selector = selector;
        this.server = server;
        this.shared = new Shared(options);
        this.thread = new Thread(this::run, "bridge-" + server.socket().getLocalPort());
        thread.setDaemon(true);
    }

    /**
     * Checks the upstream answers a TCP connection, binds, and starts relaying. Every problem is a
     * one-line LabException: the port taken (exit 1), an address not on this machine (2), the
     * upstream unreachable (1).
     */
    public static Bridge start(BridgeOptions options) {
        options.check();
        // Before the upstream's check: that would connect to nothing and call the upstream unreachable.
        SelfRelay.refuse(options.listen(), options.upstream(), "--listen", "--upstream", "the bridge");
        checkUpstream(options);
        ServerSocketChannel server = bind(options.listen());
        try {
            // Port 0: the port the kernel chose may be the upstream's.
            SelfRelay.refuse(new InetSocketAddress(options.listen().getAddress(), server.socket().getLocalPort()),
                    options.upstream(), "--listen", "--upstream", "the bridge");
            Selector selector = Selector.open();
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            Bridge b = new Bridge(options, selector, server);
            b.thread.start();
            return b;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            if (e instanceof LabException l) {
                throw l;
            }
            throw LabException.failure("cannot start the bridge: " + e.getMessage(), "set USSL_LAB_VERBOSE=1 and report it");
        }
    }

    private static void checkUpstream(BridgeOptions options) {
        InetSocketAddress up = options.upstream();
        try (Socket s = new Socket()) {
            s.connect(up, CHECK_CONNECT_MILLIS);
        } catch (IOException e) {
            throw LabException.failure("upstream " + options.upstreamName() + ":" + up.getPort() + " ("
                    + ConnectionRecord.hostPort(up) + ") cannot be reached: " + IoErrors.words(e),
                    "start the server or check --upstream HOST:PORT");
        }
    }

    private static ServerSocketChannel bind(InetSocketAddress listen) {
        String where = ConnectionRecord.hostPort(listen);
        if (!listen.getAddress().isAnyLocalAddress() && !LocalAddresses.isLocal(listen.getAddress())) {
            throw LabException.badInput("address " + listen.getAddress().getHostAddress()
                    + " is not on this machine, cannot listen on it", LocalAddresses.LIST_HINT);
        }
        ServerSocketChannel s = null;
        try {
            s = ServerSocketChannel.open();
            s.socket().setReuseAddress(true);
            s.bind(listen, BACKLOG);
            return s;
        } catch (BindException e) {
            closeQuietly(s);
            String m = String.valueOf(e.getMessage());
            if (m.contains("in use")) {
                throw LabException.failure("port " + listen.getPort() + " on " + listen.getAddress().getHostAddress()
                        + " is already in use", "choose another --listen port, or stop the program using it: ss -ltnp shows which");
            }
            if (m.contains("ermission")) {
                throw LabException.failure("listening on " + where + " is not permitted (ports below 1024 need root)",
                        "choose a --listen port of 1024 or above");
            }
            throw LabException.badInput("cannot listen on " + where + ": " + m, LocalAddresses.LIST_HINT);
        } catch (IOException e) {
            closeQuietly(s);
            throw LabException.failure("cannot listen on " + where + ": " + IoErrors.words(e), LocalAddresses.LIST_HINT);
        }
    }

    /** The address actually bound (its port differs from the options' when that was 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    public BridgeOptions options() {
        return shared.options();
    }

    private void run() {
        try {
            long nextTick = System.nanoTime();
            while (!closing) {
                selector.select(TICK_MILLIS);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.channel() == server) {
                        acceptAll();
                    } else if (key.attachment() instanceof BridgeSession s) {
                        s.onReady(key);
                        if (s.done()) {
                            sessions.remove(s);
                        }
                    }
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                    for (BridgeSession s : new ArrayList<>(sessions)) {
                        s.tick(now);
                        if (s.done()) {
                            sessions.remove(s);
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector broke: fall through and end every session with a record
        } finally {
            for (BridgeSession s : new ArrayList<>(sessions)) {
                s.stop();
            }
            sessions.clear();
            closeQuietly(server);
            try {
                selector.close();
            } catch (IOException ignored) {
                // stopping
            }
            stopped.countDown();
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // e.g. EMFILE: the next select tries again
            }
            if (ch == null) {
                return;
            }
            if (sessions.size() >= shared.options().maxSessions()) {
                InetSocketAddress who = null;
                try {
                    who = (InetSocketAddress) ch.getRemoteAddress();
                } catch (IOException ignored) {
                    // logged without its address
                }
                closeQuietly(ch);
                Instant now = Instant.now();
                shared.ended(new SessionRecord(who, shared.options().upstreamName(), null, -1, null, -1, 0, 0, now, now,
                        Outcome.REFUSED, shared.options().maxSessions() + " sessions already (--max-sessions)"));
                continue;
            }
            try {
                sessions.add(new BridgeSession(shared, ch));
            } catch (IOException e) {
                closeQuietly(ch); // the board left between accept and setup: nothing to relay
            }
        }
    }

    /**
     * Stops accepting and ends every session in flight (each gets its record and, with a capture,
     * is written whole before this returns). Safe to call twice and from a shutdown hook.
     */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
