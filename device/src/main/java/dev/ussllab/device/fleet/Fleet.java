package dev.ussllab.device.fleet;

import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.NonBlockingBoard;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * N emulated ESP8266 boards against one server, all driven by one thread: non-blocking sockets
 * under a selector and Bouncy Castle's TLS client in non-blocking mode with the board's exact
 * profile ({@link NonBlockingBoard}). Each exchange is the seed's: connect, handshake, send the
 * message, read the reply, close (or stay connected for --hold). Closed loop: each board starts
 * again as soon as it is done; open loop: exchanges start at a fixed rate on whichever board is
 * free, and latency counts from the scheduled start (wrk2's correction for coordinated omission).
 */
public final class Fleet {

    /** How often deadlines and holds are checked, and the longest a select waits. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Latencies are recorded in microseconds up to an hour, 3 significant digits. */
    private static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int READ_CHUNK = 32 * 1024;

    private enum State { FREE, CONNECTING, HANDSHAKING, AWAIT_REPLY, HOLDING }

    private final class Board {
        final int id;
        State state = State.FREE;
        SocketChannel ch;
        SelectionKey key;
        NonBlockingBoard tls;
        ByteBuffer pending;
        long dueNanos;
        long deadlineNanos;
        long holdUntilNanos;

        Board(int id) {
            this.id = id;
        }
    }

    private final FleetOptions o;
    private final TlsClientProfile profile = Profiles.esp8266();
    private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    private final Map<String, Long> failures = new TreeMap<>();
    private final ArrayDeque<Board> free = new ArrayDeque<>();
    private final Board[] boards;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_CHUNK);
    private final long bootNanos = System.nanoTime();
    private final long timeoutNanos;
    private final long holdNanos;
    private final byte[] message;
    private Selector selector;
    private long started;
    private long handshakes;
    private long failed;
    private long bytesSent;
    private long bytesReceived;
    private int connected;
    private int peakConnected;

    private Fleet(FleetOptions o) {
        this.o = o;
        this.boards = new Board[o.boards()];
        for (int i = 0; i < boards.length; i++) {
            boards[i] = new Board(i);
            free.add(boards[i]);
        }
        this.timeoutNanos = o.timeout().toNanos();
        this.holdNanos = o.hold().toNanos();
        byte[] m = o.message();
        this.message = m.length == 0 ? m : appendNewline(m); // as device: the message, then a newline
    }

    /**
     * Runs the fleet to the end of its duration or handshake count; progress gets one line a
     * second. Fails with a one-line LabException only when nothing can run at all.
     */
    public static FleetReport run(FleetOptions options, Consumer<String> progress) {
        return new Fleet(options).go(progress);
    }

    private FleetReport go(Consumer<String> progress) {
        try {
            // Loads and initialises the TLS classes and crypto (seconds on a busy machine) before
            // the clock starts, so the first second measures boards, not class loading.
            new NonBlockingBoard(profile, o.serverHostname(), 0, o.target()).output();
        } catch (AxtlsException e) {
            throw LabException.failure("the emulated board cannot start: " + e.plainWords(), null);
        }
        long t0 = System.nanoTime();
        long end = o.duration() == null ? Long.MAX_VALUE : t0 + o.duration().toNanos();
        long nextProgress = t0 + SECOND;
        long lastProgressHandshakes = 0;
        long nextStart = t0;
        long interval = o.openLoop() ? (long) (SECOND / o.rate()) : 0;
        ArrayDeque<Long> due = new ArrayDeque<>();
        try (Selector sel = Selector.open()) {
            this.selector = sel;
            long nextTick = t0;
            while (true) {
                long now = System.nanoTime();
                if (now - end >= 0) {
                    break;
                }
                if (o.handshakes() > 0 && started >= o.handshakes() && free.size() == boards.length) {
                    break;
                }
                if (o.openLoop()) {
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
                if (now - nextProgress >= 0) {
                    long secs = (now - t0 + SECOND / 2) / SECOND;
                    progress.accept(String.format(Locale.ROOT, "%d s: %d boards connected, %d handshakes/s, %d failed",
                            secs, connected, handshakes - lastProgressHandshakes, failed));
                    lastProgressHandshakes = handshakes;
                    nextProgress += SECOND;
                }
                long wait = Math.min(nextTick, nextProgress) - now;
                if (o.openLoop()) {
                    wait = Math.min(wait, nextStart - now);
                }
                wait = Math.max(1, Math.min(end - now, wait) / 1_000_000);
                sel.select(wait);
                for (SelectionKey k : sel.selectedKeys()) {
                    ready((Board) k.attachment(), k);
                }
                sel.selectedKeys().clear();
            }
            long elapsed = System.nanoTime() - t0;
            for (Board b : boards) {
                if (b.state != State.FREE && b.state != State.HOLDING) {
                    started--; // cut off by the end of the run: neither a success nor a failure
                }
                release(b);
            }
            return report(elapsed);
        } catch (IOException e) {
            throw LabException.failure("fleet cannot run: " + e.getMessage(), "check the open-files limit (ulimit -n) against --boards");
        }
    }

    private boolean mayStart(int alreadyDue) {
        return o.handshakes() == 0 || started + alreadyDue < o.handshakes();
    }

    private void begin(Board b, long dueNanos, long now) {
        started++;
        b.dueNanos = dueNanos;
        b.deadlineNanos = now + timeoutNanos;
        try {
            SocketChannel ch = SocketChannel.open();
            b.ch = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connected++;
            peakConnected = Math.max(peakConnected, connected);
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
        handshakes++;
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
        failed++;
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
            connected--;
        }
        b.state = State.FREE;
        b.ch = null;
        b.key = null;
        b.tls = null;
        b.pending = null;
        free.add(b);
    }

    private FleetReport report(long elapsedNanos) {
        double ms = 1000.0;
        boolean any = latency.getTotalCount() > 0;
        return new FleetReport(o.target().getHostString() + ":" + o.target().getPort(), boards.length,
                o.openLoop() ? String.format(Locale.ROOT, "open loop at %.0f/s", o.rate()) : "closed loop",
                elapsedNanos / 1e9, handshakes, failed, new TreeMap<>(failures),
                any ? latency.getValueAtPercentile(50) / ms : 0, any ? latency.getValueAtPercentile(90) / ms : 0,
                any ? latency.getValueAtPercentile(99) / ms : 0, any ? latency.getMaxValue() / ms : 0,
                bytesSent, bytesReceived, peakConnected);
    }

    private static byte[] appendNewline(byte[] m) {
        byte[] r = java.util.Arrays.copyOf(m, m.length + 1);
        r[m.length] = '\n';
        return r;
    }
}
