package dev.ussllab.host.internal;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.net.ServerLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's connection handling: a {@link ServerLoop} accepts, notices readiness and enforces
 * the one deadline from accept; a small pool of workers does the TLS work (the RSA private
 * operation of every TLS_RSA handshake is most of it). No thread waits on an idle socket, so
 * thousands of silent or slow clients cost memory only, and a new board is served as soon as a
 * worker is free.
 */
public final class HostLoop implements AutoCloseable {

    /** After the last deadline, how long close() waits for the loop before it stops the workers anyway. */
    private static final long CLOSE_SLACK_MILLIS = 2000;

    private final ConnectionShared shared;
    private final ThreadPoolExecutor pool;
    private final ServerLoop loop;
    private final AtomicLong sequence = new AtomicLong();

    private HostLoop(ServerSocketChannel server, ConnectionShared shared, int workers, int maxConnections) {
        this.shared = shared;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "host-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.loop = ServerLoop.withDeadline(server, new Handler(), maxConnections, shared.timeoutMillis());
    }

    /** Starts serving on a bound channel. */
    public static HostLoop start(ServerSocketChannel server, ConnectionShared shared, int workers, int maxConnections) {
        HostLoop h = new HostLoop(server, shared, workers, maxConnections);
        h.loop.start("host-loop-" + server.socket().getLocalPort());
        return h;
    }

    /** Connections open now. */
    public int open() {
        return loop.open();
    }

    /** What the loop does with the host's connections. Loop thread. */
    private final class Handler implements ServerLoop.Handler {
        @Override
        public ServerLoop.Connection accepted(SocketChannel channel, Selector selector) throws IOException {
            InetSocketAddress client = (InetSocketAddress) channel.getRemoteAddress();
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            Connection c = new Connection(channel, client, local, HostLoop.this, shared);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
            return c;
        }

        @Override
        public void busy(InetSocketAddress client, InetSocketAddress local, int max) {
            if (client == null) {
                return; // gone before we looked at it
            }
            Instant now = Instant.now();
            ConnectionRecord busy = new ConnectionRecord(client, local, null, -1, List.of(), null, null, null,
                    new byte[0], 0, 0, ConnectionRecord.Outcome.BUSY,
                    max + " connections open, the most --max-connections allows: closed",
                    new byte[0], now, null, now);
            submit(() -> shared.listener().connectionEnded(busy));
        }

        @Override
        public void notice(String line) {
            shared.listener().notice(line);
        }
    }

    /** Readiness of a connection's socket: its next step goes to a worker. Loop thread. */
    void ready(Connection c, SelectionKey key) {
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
            loop.addInterest(c.key, op);
        } catch (CancelledKeyException closed) {
            // expired meanwhile: the deadline path writes its record
        }
    }

    void ended(Connection c) {
        loop.ended();
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

    /**
     * Stops accepting, lets connections in flight end (each by its deadline at the latest), then
     * stops the workers. Safe to call twice.
     */
    @Override
    public void close() {
        loop.stop(shared.timeoutMillis() + CLOSE_SLACK_MILLIS);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
