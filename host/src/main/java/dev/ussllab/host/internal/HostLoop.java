package dev.ussllab.host.internal;

import dev.ussllab.host.ConnectionRecord;
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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's connection handling: one selector thread accepts, notices readiness and enforces
 * deadlines; a small pool of workers does the TLS work (the RSA private operation of every
 * TLS_RSA handshake is most of it). No thread waits on an idle socket, so thousands of silent or
 * slow clients cost memory only, and a new board is served as soon as a worker is free.
 */
public final class HostLoop implements AutoCloseable {

    /** Connections accepted in one go before the loop looks at its other keys and deadlines again. */
    private static final int ACCEPT_BATCH = 256;
    /** After the process runs out of file descriptors, accepting pauses this long (the backlog waits). */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final ConnectionShared shared;
    private final ThreadPoolExecutor pool;
    private final Thread thread;
    private final int maxConnections;
    private final long timeoutNanos;
    /** Connections in accept order: with one timeout for all, that is also deadline order. */
    private final ArrayDeque<Connection> deadlines = new ArrayDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, AtomicInteger> notices = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /**
     * The loop is in (or about to enter) select: only then must a new interest wake it. Outside it,
     * the interest is applied by the next select itself (the JDK's selector applies pending interest
     * changes when a select begins), so the eventfd write, and the loop's turn it causes, is saved.
     */
    private volatile boolean selecting;
    private long acceptPausedUntil;

    private HostLoop(ServerSocketChannel server, Selector selector, ConnectionShared shared, int workers, int maxConnections) {
        this.server = server;
        this.selector = selector;
        this.shared = shared;
        this.maxConnections = maxConnections;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(shared.timeoutMillis());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                r -> daemon(r, "host-worker-" + n.incrementAndGet()));
        this.thread = daemon(this::run, "host-loop-" + server.socket().getLocalPort());
    }

    /** Starts serving on a bound channel. */
    public static HostLoop start(ServerSocketChannel server, ConnectionShared shared, int workers, int maxConnections) {
        try {
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            HostLoop loop = new HostLoop(server, selector, shared, workers, maxConnections);
            loop.thread.start();
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    private void run() {
        try {
            while (true) {
                long now = System.nanoTime();
                expireDue(now);
                if (stopping && open.get() == 0) {
                    return;
                }
                resumeAcceptIfDue(now);
                selecting = true;
                try {
                    selector.select(waitMillis(now));
                } finally {
                    selecting = false;
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid()) {
                        ready(key);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector itself failed: nothing more can be served; close() sees the thread gone
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // best effort at the end
            }
        }
    }

    private long waitMillis(long now) {
        long until = Long.MAX_VALUE;
        Connection head = deadlines.peekFirst();
        if (head != null) {
            until = head.deadlineNanos;
        }
        if (acceptPausedUntil != 0) {
            until = Math.min(until, acceptPausedUntil);
        }
        if (until == Long.MAX_VALUE) {
            return 0; // no deadline: wait for readiness or a wakeup
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now) + 1);
    }

    private void ready(SelectionKey key) {
        if (key.channel() == server) {
            acceptSome();
            return;
        }
        Connection c = (Connection) key.attachment();
        try {
            int ready = key.readyOps();
            // Interest is off while a worker has the connection; the worker asks for it again.
            key.interestOpsAnd(~ready);
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                submit(c::onWritable);
            } else if ((ready & SelectionKey.OP_READ) != 0) {
                // A connection's first bytes (its ClientHello) wait behind the handshakes in progress.
                submit(c::onReadable, c.started() ? Task.NOW : Task.NEW_HELLO);
            }
        } catch (CancelledKeyException closed) {
            // the connection ended meanwhile
        }
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                // Out of file descriptors, say: the kernel keeps the backlog; try again shortly.
                notice("accept failed: " + e.getMessage() + " (raise the open-files limit, ulimit -n, or lower --max-connections)");
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
        InetSocketAddress client;
        InetSocketAddress local;
        try {
            client = (InetSocketAddress) ch.getRemoteAddress();
            local = (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            closeQuietly(ch); // gone before we looked at it
            return;
        }
        if (open.get() >= maxConnections) {
            closeQuietly(ch);
            Instant now = Instant.now();
            ConnectionRecord busy = new ConnectionRecord(client, local, null, -1, List.of(), null, null, null,
                    new byte[0], 0, 0, ConnectionRecord.Outcome.BUSY,
                    maxConnections + " connections open, the most --max-connections allows: closed",
                    new byte[0], now, null, now);
            submit(() -> shared.listener().connectionEnded(busy));
            return;
        }
        try {
            ch.configureBlocking(false);
            // Nagle + delayed ACK cost ~90 ms a handshake (bouncycastle-tls-notes.md).
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            open.incrementAndGet();
            Connection c = new Connection(ch, client, local, this, shared, System.nanoTime() + timeoutNanos);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            deadlines.addLast(c);
        } catch (IOException e) {
            open.decrementAndGet();
            closeQuietly(ch);
        }
    }

    private void pauseAccept() {
        try {
            server.keyFor(selector).interestOps(0);
            acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        } catch (CancelledKeyException closed) {
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

    private void expireDue(long now) {
        for (Connection c = deadlines.peekFirst(); c != null && now - c.deadlineNanos >= 0; c = deadlines.peekFirst()) {
            deadlines.pollFirst();
            if (!c.finished()) {
                c.expire();
            }
        }
    }

    /** A worker is done with the connection for now and waits for its next bytes. */
    void wantRead(Connection c) {
        interest(c, SelectionKey.OP_READ);
    }

    /** The socket did not take all of a write: go on when it can. */
    void wantWrite(Connection c) {
        interest(c, SelectionKey.OP_WRITE);
    }

    private void interest(Connection c, int op) {
        try {
            c.key.interestOpsOr(op);
            if (selecting) {
                selector.wakeup(); // a select already in progress would not see the new interest
            }
        } catch (CancelledKeyException closed) {
            // expired meanwhile: the deadline path writes its record
        }
    }

    void ended(Connection c) {
        if (open.decrementAndGet() == 0 && stopping) {
            selector.wakeup();
        }
    }

    void submit(Runnable task) {
        submit(task, Task.NOW);
    }

    private void submit(Runnable task, int rank) {
        try {
            pool.execute(new Task(task, rank, sequence.getAndIncrement()));
        } catch (RejectedExecutionException stopped) {
            task.run(); // only after close() gave up waiting: finish on this thread rather than lose a record
        }
    }

    /**
     * Work for the pool, in order of rank, then of submission. With first in, first out, 10,000
     * boards connecting at once had every ClientHello answered before any handshake completed (the
     * first after ~50 s): a connection past its ClientHello now goes before new ones, so handshakes
     * complete while the burst is still queued, and a new board's wait is that of the work in progress.
     */
    private record Task(Runnable work, int rank, long sequence) implements Runnable, Comparable<Task> {
        /** Connections in their handshake or exchange, deadlines, records. */
        static final int NOW = 0;
        /** A connection's first bytes. */
        static final int NEW_HELLO = 1;

        @Override
        public void run() {
            work.run();
        }

        @Override
        public int compareTo(Task o) {
            return rank != o.rank ? Integer.compare(rank, o.rank) : Long.compare(sequence, o.sequence);
        }
    }

    /** One line about the host itself, at most once per distinct text (the host's log is per connection). */
    private void notice(String line) {
        if (notices.computeIfAbsent(line, k -> new AtomicInteger()).getAndIncrement() == 0) {
            shared.listener().notice(line);
        }
    }

    /**
     * Stops accepting, lets connections in flight end (each by its deadline at the latest), then
     * stops the workers. Safe to call twice.
     */
    @Override
    public void close() {
        stopping = true;
        closeQuietly(server);
        selector.wakeup();
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 2000);
            pool.shutdown();
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
