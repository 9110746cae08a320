package dev.ussllab.host.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every connection of a small server (capture's tap, hello's listener) on one thread, the way the
 * host's loop and the bridge run theirs: a selector accepts, notices readiness and checks each
 * connection's deadlines, so an idle or slow peer holds a socket and a small object, never a
 * thread, and a new client is read as soon as its bytes arrive however many others are held.
 * Beyond {@code maxConnections} open at once a new connection is closed at once and reported busy.
 */
public final class ServerLoop {

    /** How often deadlines are checked: a connection is closed at most this late. */
    static final long TICK_MILLIS = 100;
    /** Connections accepted in one go before the loop looks at its other sockets again. */
    private static final int ACCEPT_BATCH = 256;
    /** After the process runs out of file descriptors, accepting pauses this long (the backlog waits). */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One accepted connection, driven by the loop's thread only. */
    public interface Connection {
        /** A selector event on one of its sockets (registered with this connection attached). */
        void onReady(SelectionKey key);

        /** Checks its deadlines; now is {@link System#nanoTime()}. */
        void tick(long nowNanos);

        boolean done();

        /** The server is stopping: end now, with what was done so far. */
        void stop();
    }

    /** What the server does with its connections; called on the loop's thread. */
    public interface Handler {
        /** A new connection, non-blocking with TCP_NODELAY: registers its sockets with the selector. */
        Connection accepted(SocketChannel channel, Selector selector) throws IOException;

        /** maxConnections were open: this client's connection was closed at once. */
        void busy(InetSocketAddress client, int maxConnections);

        /** About the server itself (accept failing), once per distinct text. */
        void notice(String line);

        /** Once per tick, after the connections' deadlines. */
        default void tick() {}
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final int maxConnections;
    /** Loop thread only. */
    private final Set<Connection> open = new LinkedHashSet<>();
    private final Set<String> notices = ConcurrentHashMap.newKeySet();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean acceptStop;
    /** When connections still open are stopped (nanoTime), once accepting has stopped; 0: never. */
    private volatile long cutAtNanos;
    private volatile boolean cutRequested;
    private volatile Thread thread;
    private long acceptPausedUntil;

    private ServerLoop(ServerSocketChannel server, Selector selector, Handler handler, int maxConnections) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.maxConnections = maxConnections;
    }

    /** Takes a bound listening socket; call {@link #run()} or {@link #start(String)} next. */
    public static ServerLoop of(ServerSocketChannel bound, Handler handler, int maxConnections) {
        try {
            bound.configureBlocking(false);
            Selector selector = Selector.open();
            bound.register(selector, SelectionKey.OP_ACCEPT);
            return new ServerLoop(bound, selector, handler, maxConnections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the loop on a daemon thread of its own. */
    public ServerLoop start(String threadName) {
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /** Runs the loop on this thread until it has stopped and its last connection has ended. */
    public void run() {
        if (thread == null) {
            thread = Thread.currentThread();
        }
        try {
            long nextTick = System.nanoTime();
            boolean acceptClosed = false;
            while (true) {
                long now = System.nanoTime();
                if (acceptStop && !acceptClosed) {
                    acceptClosed = true;
                    closeQuietly(server);
                }
                if (acceptClosed && (open.isEmpty() || cutRequested && now - cutAtNanos >= 0)) {
                    return;
                }
                resumeAcceptIfDue(now);
                selector.select(TICK_MILLIS);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.channel() == server) {
                        acceptSome();
                    } else if (key.attachment() instanceof Connection c && !c.done()) {
                        c.onReady(key);
                        if (c.done()) {
                            open.remove(c);
                        }
                    }
                }
                now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                    for (Iterator<Connection> it = open.iterator(); it.hasNext(); ) {
                        Connection c = it.next();
                        c.tick(now);
                        if (c.done()) {
                            it.remove();
                        }
                    }
                    handler.tick();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector itself broke: nothing more can be served; every connection ends below
        } finally {
            for (Connection c : open) {
                if (!c.done()) {
                    c.stop();
                }
            }
            open.clear();
            closeQuietly(server);
            closeQuietly(selector);
            ended.countDown();
        }
    }

    /** Connections open now (loop thread: exact; others: a recent count). */
    public int open() {
        return open.size();
    }

    /** Stops accepting; the connections in flight go on, and the loop ends after the last of them. */
    public void stopAccepting() {
        acceptStop = true;
        selector.wakeup();
    }

    /**
     * Stops accepting, gives the connections in flight graceMillis to end on their own, stops the
     * rest, and (called from another thread) waits until the loop has ended.
     */
    public void stop(long graceMillis) {
        cutAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        cutRequested = true;
        stopAccepting();
        if (Thread.currentThread() != thread && thread != null) {
            try {
                ended.await(graceMillis + 10_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (acceptStop) {
                    return;
                }
                // Out of file descriptors, say: the kernel keeps the backlog; try again shortly.
                notice("accept failed: " + e.getMessage()
                        + " (raise the open-files limit, ulimit -n, or lower --max-connections)");
                pauseAccept();
                return;
            }
            if (ch == null) {
                return;
            }
            admit(ch);
        }
    }

    private void admit(SocketChannel ch) {
        if (open.size() >= maxConnections) {
            InetSocketAddress who = null;
            try {
                who = (InetSocketAddress) ch.getRemoteAddress();
            } catch (IOException ignored) {
                // gone already: reported without its address
            }
            closeQuietly(ch);
            handler.busy(who, maxConnections);
            return;
        }
        try {
            ch.configureBlocking(false);
            // Nagle + delayed ACK cost ~90 ms a handshake (bouncycastle-tls-notes.md).
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = handler.accepted(ch, selector);
            if (c != null && !c.done()) {
                open.add(c);
            }
        } catch (IOException e) {
            closeQuietly(ch); // the client left between accept and setup: nothing to serve
        }
    }

    private void pauseAccept() {
        try {
            server.keyFor(selector).interestOps(0);
            acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        } catch (CancelledKeyException | NullPointerException closed) {
            // stopping
        }
    }

    private void resumeAcceptIfDue(long now) {
        if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
            acceptPausedUntil = 0;
            SelectionKey k = server.keyFor(selector);
            if (k != null && k.isValid()) {
                k.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
    }

    private void notice(String line) {
        if (notices.add(line)) {
            handler.notice(line);
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
