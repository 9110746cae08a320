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
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every connection of a server on one selector thread: the host's (its TLS work on workers), the
 * capture tap's and hello's listener (all their work on this thread). The selector accepts, notices
 * readiness and keeps each connection's time, so an idle or slow peer holds a socket and a small
 * object, never a thread, and a new client is read as soon as its bytes arrive however many others
 * are held. Beyond {@code maxConnections} open at once a new connection is closed at once and
 * reported busy.
 *
 * <p>Time is kept one of two ways, chosen when the loop is made:
 * <ul>
 * <li>{@link #of}: every {@value #TICK_MILLIS} ms each open connection checks its own deadlines
 * ({@link Connection#tick}); its connections end on the loop's thread, which counts them off when
 * it sees them {@link Connection#done()}. For deadlines that move (idle time, a phase's time).
 * <li>{@link #withDeadline}: one hard deadline from accept for all, so connections in accept order
 * are in deadline order: the loop sleeps until the first one's and ticks just it, exactly then,
 * and an idle server does not wake at all. Its connections may end on other threads (workers) and
 * say so with {@link #ended()}.
 * </ul>
 */
public final class ServerLoop {

    /** With {@link #of}: how often deadlines are checked; a connection is closed at most this late. */
    static final long TICK_MILLIS = 100;
    /** Connections accepted in one go before the loop looks at its other sockets again. */
    private static final int ACCEPT_BATCH = 256;
    /** After the process runs out of file descriptors, accepting pauses this long (the backlog waits). */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One accepted connection. */
    public interface Connection {
        /** A selector event on one of its sockets (registered with this connection attached). Loop thread. */
        void onReady(SelectionKey key);

        /** Checks its deadlines; now is {@link System#nanoTime()}. Loop thread. */
        void tick(long nowNanos);

        boolean done();

        /** The server is stopping: end now, with what was done so far. Loop thread. */
        void stop();
    }

    /** What the server does with its connections; called on the loop's thread. */
    public interface Handler {
        /** A new connection, non-blocking with TCP_NODELAY: registers its sockets with the selector. */
        Connection accepted(SocketChannel channel, Selector selector) throws IOException;

        /**
         * maxConnections were open: this client's connection was closed at once. client and local
         * are null when the client had gone before its addresses were read.
         */
        void busy(InetSocketAddress client, InetSocketAddress local, int maxConnections);

        /** About the server itself (accept failing), once per distinct text. */
        void notice(String line);

        /** With {@link #of}: once per tick, after the connections' deadlines. */
        default void tick() {}
    }

    /** A connection's deadline from accept ({@link #withDeadline}). */
    private record Due(Connection connection, long atNanos) {}

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final int maxConnections;
    /** Hard deadline from accept (nanos); 0: connections tick instead. */
    private final long deadlineNanos;
    /** Open connections, ticked ({@link #of} only). Loop thread only. */
    private final Set<Connection> ticking = new LinkedHashSet<>();
    /** Connections in accept order, each until its deadline ({@link #withDeadline} only). Loop thread only. */
    private final ArrayDeque<Due> deadlines = new ArrayDeque<>();
    /** Connections counted against maxConnections. */
    private final AtomicInteger open = new AtomicInteger();
    private final Set<String> notices = ConcurrentHashMap.newKeySet();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean acceptStop;
    /** When connections still open are stopped (nanoTime), once accepting has stopped; 0: never. */
    private volatile long cutAtNanos;
    private volatile boolean cutRequested;
    /**
     * The loop is in (or about to enter) select: only then must a new interest from another thread
     * wake it. Outside it, the interest is applied by the next select itself (the JDK's selector
     * applies pending interest changes when a select begins), so the eventfd write, and the loop's
     * turn it causes, is saved.
     */
    private volatile boolean selecting;
    private volatile Thread thread;
    private long acceptPausedUntil;

    private ServerLoop(ServerSocketChannel server, Selector selector, Handler handler, int maxConnections,
            long deadlineNanos) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.maxConnections = maxConnections;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Takes a bound listening socket; call {@link #run()} or {@link #start(String)} next. Connections
     * keep their own deadlines ({@link Connection#tick} every {@value #TICK_MILLIS} ms) and end on
     * the loop's thread.
     */
    public static ServerLoop of(ServerSocketChannel bound, Handler handler, int maxConnections) {
        return open(bound, handler, maxConnections, 0);
    }

    /**
     * As {@link #of}, but every connection has the one hard deadline timeoutMillis from accept, at
     * which it is ticked (once, unless it is done); it is not ticked otherwise. Its connections may
     * end on any thread and must each call {@link #ended()} once when they do.
     */
    public static ServerLoop withDeadline(ServerSocketChannel bound, Handler handler, int maxConnections,
            long timeoutMillis) {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("the deadline must be positive");
        }
        return open(bound, handler, maxConnections, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    private static ServerLoop open(ServerSocketChannel bound, Handler handler, int maxConnections, long deadlineNanos) {
        try {
            bound.configureBlocking(false);
            Selector selector = Selector.open();
            bound.register(selector, SelectionKey.OP_ACCEPT);
            return new ServerLoop(bound, selector, handler, maxConnections, deadlineNanos);
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
                if (deadlineNanos != 0) {
                    expireDue(now);
                } else if (now - nextTick >= 0) {
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                    tickAll(now);
                }
                if (acceptStop && !acceptClosed) {
                    acceptClosed = true;
                    closeQuietly(server);
                }
                if (acceptClosed && (open.get() == 0 || cutRequested && now - cutAtNanos >= 0)) {
                    return;
                }
                resumeAcceptIfDue(now);
                selecting = true;
                try {
                    selector.select(waitMillis(now, nextTick));
                } finally {
                    selecting = false;
                }
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
                        if (deadlineNanos == 0 && c.done()) {
                            countOff(c);
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector itself broke: nothing more can be served; every connection ends below
        } finally {
            for (Connection c : ticking) {
                if (!c.done()) {
                    c.stop();
                }
            }
            for (Due d : deadlines) {
                if (!d.connection.done()) {
                    d.connection.stop();
                }
            }
            ticking.clear();
            deadlines.clear();
            closeQuietly(server);
            closeQuietly(selector);
            ended.countDown();
        }
    }

    /** How long select may sleep: until the next tick, deadline or resumed accept; 0: until an event. */
    private long waitMillis(long now, long nextTick) {
        long wait = Long.MAX_VALUE;
        if (deadlineNanos == 0) {
            wait = nextTick - now;
        } else if (!deadlines.isEmpty()) {
            wait = deadlines.peekFirst().atNanos - now;
        }
        if (acceptPausedUntil != 0) {
            wait = Math.min(wait, acceptPausedUntil - now);
        }
        if (wait == Long.MAX_VALUE) {
            return 0; // nothing due: wait for readiness or a wakeup
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
    }

    private void tickAll(long now) {
        for (Iterator<Connection> it = ticking.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            c.tick(now);
            if (c.done()) {
                it.remove();
                open.decrementAndGet();
            }
        }
        handler.tick();
    }

    private void expireDue(long now) {
        for (Due d = deadlines.peekFirst(); d != null && now - d.atNanos >= 0; d = deadlines.peekFirst()) {
            deadlines.pollFirst();
            if (!d.connection.done()) {
                d.connection.tick(now);
            }
        }
    }

    private void countOff(Connection c) {
        if (ticking.remove(c)) {
            open.decrementAndGet();
        }
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /**
     * A connection of a {@link #withDeadline} loop has ended (any thread; once per connection): it
     * no longer counts against maxConnections.
     */
    public void ended() {
        if (open.decrementAndGet() == 0 && acceptStop) {
            selector.wakeup();
        }
    }

    /**
     * Adds op to a key's interest from another thread (a worker done with its connection for now):
     * the loop is woken only if it is in select already.
     */
    public void addInterest(SelectionKey key, int op) {
        key.interestOpsOr(op);
        if (selecting) {
            selector.wakeup(); // a select already in progress would not see the new interest
        }
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
        if (open.get() >= maxConnections) {
            InetSocketAddress who = null;
            InetSocketAddress local = null;
            try {
                who = (InetSocketAddress) ch.getRemoteAddress();
                local = (InetSocketAddress) ch.getLocalAddress();
            } catch (IOException ignored) {
                // gone already: reported without its address
            }
            closeQuietly(ch);
            handler.busy(who, local, maxConnections);
            return;
        }
        try {
            ch.configureBlocking(false);
            // Nagle + delayed ACK cost ~90 ms a handshake (bouncycastle-tls-notes.md).
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // Counted first: a connection that ends on a worker before accepted returns counts itself off.
            open.incrementAndGet();
            Connection c;
            try {
                c = handler.accepted(ch, selector);
            } catch (IOException | RuntimeException e) {
                open.decrementAndGet();
                throw e;
            }
            if (deadlineNanos != 0) {
                deadlines.addLast(new Due(c, System.nanoTime() + deadlineNanos));
            } else if (c != null && !c.done()) {
                ticking.add(c);
            } else {
                open.decrementAndGet();
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
