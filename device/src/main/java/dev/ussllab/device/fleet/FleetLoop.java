package dev.ussllab.device.fleet;

import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.NonBlockingBoard;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.TlsClientProfile;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One fleet thread: its share of the boards under one selector, each board a small state machine
 * (connect, handshake, message, reply, close or hold). Everything here belongs to this thread;
 * the counters the progress line reads are volatile, written by this thread only.
 */
final class FleetLoop implements Runnable {

    /** How often deadlines and holds are checked, and the longest a select waits. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Latencies are recorded in microseconds up to an hour, 3 significant digits. */
    static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int READ_CHUNK = 32 * 1024;

    private enum State { FREE, CONNECTING, HANDSHAKING, AWAIT_REPLY, HOLDING }

    private static final class Board {
        State state = State.FREE;
        SocketChannel ch;
        SelectionKey key;
        NonBlockingBoard tls;
        ByteBuffer pending;
        long dueNanos;
        long deadlineNanos;
        long holdUntilNanos;
    }

    private final FleetOptions o;
    private final TlsClientProfile profile;
    private final long handshakeLimit;
    private final double rate;
    private final long bootNanos;
    private final AtomicInteger connectedAll;
    private final AtomicInteger peakAll;
    private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    private final Map<String, Long> failures = new TreeMap<>();
    private final ArrayDeque<Board> free = new ArrayDeque<>();
    private final Board[] boards;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_CHUNK);
    private final long timeoutNanos;
    private final long holdNanos;
    private final byte[] message;
    private Selector selector;
    private long started;
    private volatile long handshakes;
    private volatile long failed;
    private volatile boolean stopping;
    private long bytesSent;
    private long bytesReceived;
    private long elapsedNanos;
    private LabException error;

    /**
     * @param handshakeLimit this thread's share of --handshakes (0: none, the duration ends it)
     * @param rate this thread's share of the open-loop rate (0: closed loop)
     */
    FleetLoop(FleetOptions o, TlsClientProfile profile, int firstBoard, int boardCount, long handshakeLimit, double rate,
            long bootNanos, AtomicInteger connectedAll, AtomicInteger peakAll) {
        this.o = o;
        this.profile = profile;
        this.handshakeLimit = handshakeLimit;
        this.rate = rate;
        this.bootNanos = bootNanos;
        this.connectedAll = connectedAll;
        this.peakAll = peakAll;
        this.boards = new Board[boardCount];
        for (int i = 0; i < boards.length; i++) {
            boards[i] = new Board();
            free.add(boards[i]);
        }
        this.timeoutNanos = o.timeout().toNanos();
        this.holdNanos = o.hold().toNanos();
        byte[] m = o.message();
        this.message = m.length == 0 ? m : appendNewline(m); // as device: the message, then a newline
    }

    long handshakes() {
        return handshakes;
    }

    long failed() {
        return failed;
    }

    Histogram latency() {
        return latency;
    }

    Map<String, Long> failures() {
        return failures;
    }

    long bytesSent() {
        return bytesSent;
    }

    long bytesReceived() {
        return bytesReceived;
    }

    long elapsedNanos() {
        return elapsedNanos;
    }

    /** Set when this thread could not run at all (no selector: the open-files limit, say). */
    LabException error() {
        return error;
    }

    /** Ends the run early (the fleet was interrupted): boards in flight are dropped. */
    void stop() {
        stopping = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long end = o.duration() == null ? Long.MAX_VALUE : t0 + o.duration().toNanos();
        long nextStart = t0;
        boolean openLoop = rate > 0;
        long interval = openLoop ? (long) (SECOND / rate) : 0;
        ArrayDeque<Long> due = new ArrayDeque<>();
        try (Selector sel = Selector.open()) {
            this.selector = sel;
            long nextTick = t0;
            while (!stopping) {
                long now = System.nanoTime();
                if (now - end >= 0) {
                    break;
                }
                if (handshakeLimit > 0 && started >= handshakeLimit && free.size() == boards.length) {
                    break;
                }
                if (openLoop) {
                    while (now - nextStart >= 0 && mayStart(due.size())) {
                        due.add(nextStart);
                        nextStart += interval;
                    }
                    while (!due.isEmpty() && !free.isEmpty()) {
                        begin(free.poll(), due.poll(), now);
                    }
                } else {
                    while (!free.isEmpty() && mayStart(0)) {
                        begin(free.poll(), now, now);
                    }
                }
                if (now - nextTick >= 0) {
                    tick(now);
                    nextTick = now + TICK_NANOS;
                }
                long wait = nextTick - now;
                if (openLoop) {
                    wait = Math.min(wait, nextStart - now);
                }
                wait = Math.max(1, Math.min(end - now, wait) / 1_000_000);
                sel.select(wait);
                for (SelectionKey k : sel.selectedKeys()) {
                    ready((Board) k.attachment(), k);
                }
                sel.selectedKeys().clear();
            }
            elapsedNanos = System.nanoTime() - t0;
            for (Board b : boards) {
                if (b.state != State.FREE && b.state != State.HOLDING) {
                    started--; // cut off by the end of the run: neither a success nor a failure
                }
                release(b);
            }
        } catch (IOException e) {
            elapsedNanos = System.nanoTime() - t0;
            for (Board b : boards) {
                release(b);
            }
            error = LabException.failure("fleet cannot run: " + e.getMessage(), "check the open-files limit (ulimit -n) against --boards");
        }
    }

    private boolean mayStart(int alreadyDue) {
        return handshakeLimit == 0 || started + alreadyDue < handshakeLimit;
    }

    private void begin(Board b, long dueNanos, long now) {
        started++;
        b.dueNanos = dueNanos;
        b.deadlineNanos = now + timeoutNanos;
        try {
            SocketChannel ch = SocketChannel.open();
            b.ch = ch;
            peakAll.accumulateAndGet(connectedAll.incrementAndGet(), Math::max); // release() takes it back
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            b.state = State.CONNECTING;
            if (ch.connect(o.target())) {
                b.key = ch.register(selector, SelectionKey.OP_READ, b);
                connectedNow(b);
            } else {
                b.key = ch.register(selector, SelectionKey.OP_CONNECT, b);
            }
        } catch (IOException e) {
            fail(b, NonBlockingBoard.socketError(e, o.target()));
        }
    }

    private void connectedNow(Board b) {
        try {
            b.state = State.HANDSHAKING;
            long uptime = (System.nanoTime() - bootNanos) / SECOND;
            b.tls = new NonBlockingBoard(profile, o.serverHostname(), uptime, o.target());
            b.key.interestOps(SelectionKey.OP_READ);
            flush(b);
        } catch (AxtlsException e) {
            fail(b, e);
        } catch (IOException e) {
            fail(b, NonBlockingBoard.socketError(e, o.target()));
        }
    }

    private void ready(Board b, SelectionKey k) {
        if (!k.isValid() || b.state == State.FREE) {
            return;
        }
        try {
            if (b.state == State.CONNECTING && k.isConnectable()) {
                b.ch.finishConnect();
                connectedNow(b);
                return;
            }
            if (k.isWritable()) {
                flush(b);
            }
            if (k.isValid() && k.isReadable()) {
                read(b);
            }
        } catch (AxtlsException e) {
            fail(b, e);
        } catch (IOException e) {
            fail(b, NonBlockingBoard.socketError(e, o.target()));
        }
    }

    private void read(Board b) throws IOException {
        while (b.state != State.FREE) {
            readBuffer.clear();
            int n = b.ch.read(readBuffer);
            if (n < 0) {
                endOfStream(b);
                return;
            }
            if (n == 0) {
                return;
            }
            bytesReceived += n;
            if (b.state == State.HOLDING) {
                continue; // an idle board reads and ignores what comes (a server's close_notify, say)
            }
            b.tls.input(readBuffer.array(), 0, n);
            advance(b);
            if (b.state != State.FREE && b.state != State.HOLDING) {
                flush(b);
            }
            if (n < READ_CHUNK) {
                return; // drained: asking again would cost a system call to learn so
            }
        }
    }

    private void advance(Board b) throws IOException {
        if (b.state == State.HANDSHAKING && b.tls.handshakeDone()) {
            if (message.length == 0) {
                done(b);
                return;
            }
            b.tls.send(message);
            b.state = State.AWAIT_REPLY;
        }
        if (b.state == State.AWAIT_REPLY) {
            byte[] reply = b.tls.reply();
            if (reply.length > 0) {
                done(b);
            } else if (b.tls.closed()) {
                fail(b, "no reply: the server closed the connection after the message");
            }
        }
    }

    private void endOfStream(Board b) {
        switch (b.state) {
            case HOLDING -> release(b); // the server ended an idle connection: the hold is over
            case AWAIT_REPLY -> fail(b, "no reply: the server closed the connection after the message");
            default -> fail(b, b.tls == null ? NonBlockingBoard.socketError(new IOException("closed"), o.target()) : b.tls.peerClosed());
        }
    }

    private void flush(Board b) throws IOException {
        if (b.pending != null) {
            bytesSent += b.ch.write(b.pending);
            if (b.pending.hasRemaining()) {
                return;
            }
            b.pending = null;
        }
        byte[] out = b.tls == null ? null : b.tls.output();
        if (out != null) {
            ByteBuffer buf = ByteBuffer.wrap(out);
            bytesSent += b.ch.write(buf);
            if (buf.hasRemaining()) {
                b.pending = buf;
            }
        }
        if (b.key.isValid()) {
            b.key.interestOps(SelectionKey.OP_READ | (b.pending != null ? SelectionKey.OP_WRITE : 0));
        }
    }

    /** The exchange is complete: count it, then close or hold. */
    private void done(Board b) {
        long now = System.nanoTime();
        handshakes++; // volatile, written by this thread only
        latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, (now - b.dueNanos) / 1000)));
        if (holdNanos > 0) {
            b.state = State.HOLDING;
            b.holdUntilNanos = now + holdNanos;
            return;
        }
        b.tls.close();
        try {
            flush(b); // close_notify, as the board's close() sends it
        } catch (IOException e) {
            // the server may have closed first
        }
        release(b);
    }

    private void tick(long now) {
        for (Board b : boards) {
            if (b.state == State.HOLDING) {
                if (now - b.holdUntilNanos >= 0) {
                    b.tls.close();
                    try {
                        flush(b);
                    } catch (IOException e) {
                        // gone already
                    }
                    release(b);
                }
            } else if (b.state != State.FREE && now - b.deadlineNanos >= 0) {
                fail(b, NonBlockingBoard.timedOut(o.target(), (int) TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
            }
        }
    }

    private void fail(Board b, AxtlsException e) {
        fail(b, e.boardLine());
    }

    private void fail(Board b, String what) {
        if (b.state == State.FREE) {
            return;
        }
        failed++; // volatile, written by this thread only
        failures.merge(what, 1L, Long::sum);
        release(b);
    }

    private void release(Board b) {
        if (b.state == State.FREE) {
            return;
        }
        if (b.ch != null) {
            try {
                b.ch.close();
            } catch (IOException e) {
                // closing is best effort
            }
            connectedAll.decrementAndGet();
        }
        b.state = State.FREE;
        b.ch = null;
        b.key = null;
        b.tls = null;
        b.pending = null;
        free.add(b);
    }

    private static byte[] appendNewline(byte[] m) {
        byte[] r = java.util.Arrays.copyOf(m, m.length + 1);
        r[m.length] = '\n';
        return r;
    }
}
