package dev.ussllab.host.capture;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.host.LogThrottle;
import dev.ussllab.host.net.Pipe;
import dev.ussllab.host.net.SelfRelay;
import dev.ussllab.host.net.ServerLoop;
import dev.ussllab.profile.IoErrors;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A transparent TCP relay that records both directions of every connection into a
 * {@link CaptureFile}, with the client's real address and the forwarded server's. No root needed:
 * it is an ordinary socket program between the client and the server. If a key log file is given
 * (a server's or client's SSLKEYLOGFILE), each session's lines from it go into its secrets block.
 *
 * <p>Every session runs on one selector thread ({@link ServerLoop}, {@link Pipe}), so an idle or
 * slow client holds two sockets, never a thread; sessions are written to the file by a thread of
 * their own, so a slow disk does not stall the relaying. Limits against idle, slow or hostile
 * clients (issue 15): a hard deadline from accept to the server's first answer, a byte bound
 * before it, at most {@link Limits#maxConnections()} sessions, and repeated failure lines
 * summarised ({@link LogThrottle}).
 */
public final class TcpTap implements AutoCloseable {

    /** Connect timeout to the forwarded server: a LAN peer answers in milliseconds. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** The default hard deadline from accept to the server's first answer (a board's whole handshake takes ~1 s). */
    public static final int DEFAULT_TIMEOUT_MS = 10_000;
    /**
     * Sessions at once by default: two of the tap's file descriptors each (and one of the forward
     * server's), so 4096 fit a usual open-files limit of 10,000 or more with room to spare.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    /**
     * Bytes a client may send before the server's first answer: a TLS client sends its ClientHello
     * (the largest seen here: 65 KB, 32,765 suites) and waits. The host's pre-handshake bound.
     */
    static final int PRE_ANSWER_LIMIT = 128 * 1024;
    /** Fatal alert unexpected_message (10) in a TLS 1.2 record (RFC 5246 7.2): the tap's refusal of such a client. */
    private static final byte[] UNEXPECTED_MESSAGE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};
    /** TLS record content types (RFC 8446 5.1) run from change_cipher_spec (20) to application_data (23, 24 heartbeat). */
    private static final int FIRST_RECORD_TYPE = 20;
    private static final int LAST_RECORD_TYPE = 24;
    /** After the tap's alert: time for the client to read it and close before the tap does. */
    private static final int LINGER_MS = 1_000;
    /** Relay read: one TLS record (16 KiB + overhead) at most per read. */
    static final int BUFFER = Pipe.READ_CHUNK;
    /** Pending connections the kernel holds before the loop accepts them. */
    private static final int BACKLOG = 1024;
    /**
     * On close, how long sessions in flight get to end on their own; then their sockets are closed
     * and what each recorded is written (Ctrl-C loses no session that was open at the signal).
     */
    static final int SHUTDOWN_GRACE_MS = 1_500;
    /** After the sockets are closed, how long the writer gets to write the sessions it was handed. */
    static final int SHUTDOWN_WRITE_MS = 1_500;

    /**
     * The tap's limits.
     *
     * @param timeoutMs hard deadline from accept to the forward server's first bytes (not per read)
     * @param idleMs a session with no byte either way for this long is cut
     * @param maxConnections sessions at once; beyond them a new connection is closed and logged busy
     */
    public record Limits(int timeoutMs, int idleMs, int maxConnections) {
        public Limits {
            if (timeoutMs < 1 || idleMs < 1 || maxConnections < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private final ServerSocketChannel listener;
    private final InetSocketAddress forward;
    private final CaptureFile file;
    private final Path keyLog;
    private final KeyLogTail keyLogTail;
    private final Limits limits;
    private final LogThrottle log;
    private final Runnable onSession;
    private final ServerLoop loop;
    /** Writes each ended session and its line, in the order they ended. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tap-writer");
        t.setDaemon(true);
        return t;
    });
    private final ByteBuffer readBuffer = ByteBuffer.allocate(BUFFER);

    private TcpTap(ServerSocketChannel listener, InetSocketAddress forward, CaptureFile file, Path keyLog,
            KeyLogTail keyLogTail, Limits limits, Consumer<String> log, Runnable onSession) {
        this.listener = listener;
        this.forward = forward;
        this.file = file;
        this.keyLog = keyLog;
        this.keyLogTail = keyLogTail;
        this.limits = limits;
        this.log = new LogThrottle(log);
        this.onSession = onSession;
        this.loop = ServerLoop.of(listener, new Handler(), limits.maxConnections());
    }

    /** As {@link #start(InetSocketAddress, InetSocketAddress, CaptureFile, Path, Limits, Consumer, Runnable)} with the default deadline and connection limit. */
    public static TcpTap start(InetSocketAddress listen, InetSocketAddress forward, CaptureFile file, Path keyLog,
            int idleTimeoutMs, Consumer<String> log, Runnable onSession) {
        return start(listen, forward, file, keyLog, new Limits(DEFAULT_TIMEOUT_MS, idleTimeoutMs, DEFAULT_MAX_CONNECTIONS),
                log, onSession);
    }

    /**
     * Listens on listen and relays each connection to forward; log receives one line per session
     * (and per refused connection, repeated failures summarised), onSession runs after each session
     * is written.
     */
    public static TcpTap start(InetSocketAddress listen, InetSocketAddress forward, CaptureFile file, Path keyLog,
            Limits limits, Consumer<String> log, Runnable onSession) {
        if (forward.isUnresolved()) {
            throw LabException.badInput("--forward " + forward.getHostString() + " does not resolve", "give a host name or address that resolves");
        }
        SelfRelay.refuse(listen, forward, "--listen", "--forward", "the capture");
        KeyLogTail tail = null;
        if (keyLog != null) {
            try {
                tail = new KeyLogTail(keyLog);
            } catch (IOException e) {
                throw LabException.badInput("key log " + keyLog + " cannot be read: " + e.getMessage(),
                        "give the file the peer writes its secrets to (its SSLKEYLOGFILE or -keylogfile)");
            }
        }
        ServerSocketChannel s = null;
        try {
            s = ServerSocketChannel.open();
            s.socket().setReuseAddress(true);
            s.bind(listen, BACKLOG);
        } catch (BindException e) {
            closeQuietly(s);
            throw LabException.badInput("cannot listen on " + ConnectionRecord.hostPort(listen) + ": " + e.getMessage(),
                    "choose another --listen port, or an address of this machine");
        } catch (IOException e) {
            closeQuietly(s);
            throw LabException.failure("cannot listen on " + ConnectionRecord.hostPort(listen) + ": " + e.getMessage(),
                    "check the --listen address");
        }
        try {
            // Port 0: the port the kernel chose may be the forward one (it was, once, in CI).
            SelfRelay.refuse(new InetSocketAddress(listen.getAddress(), s.socket().getLocalPort()), forward,
                    "--listen", "--forward", "the capture");
        } catch (LabException e) {
            closeQuietly(s);
            throw e;
        }
        TcpTap tap = new TcpTap(s, forward, file, keyLog, tail, limits, log, onSession);
        tap.loop.start("tap-" + s.socket().getLocalPort());
        return tap;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    /** What the loop does with the tap's connections. */
    private final class Handler implements ServerLoop.Handler {
        @Override
        public ServerLoop.Connection accepted(SocketChannel channel, Selector selector) throws IOException {
            return new Session(channel, selector);
        }

        @Override
        public void busy(InetSocketAddress client, InetSocketAddress local, int max) {
            log.record(Outcome.BUSY, () -> (client == null ? "?" : ConnectionRecord.hostPort(client)) + " refused: "
                    + max + " connections are already being relayed (--max-connections)");
        }

        @Override
        public void notice(String line) {
            log.record(Outcome.OK, () -> line);
        }

        @Override
        public void tick() {
            log.tick();
        }
    }

    /** One client's session: its socket, the forward server's, and what crossed. Loop thread only. */
    private final class Session implements ServerLoop.Connection {
        private final SocketChannel client;
        private final SocketChannel server;
        private final SelectionKey clientKey;
        private final SelectionKey serverKey;
        private final InetSocketAddress clientAddress;
        private final SessionRecording rec = new SessionRecording();
        private final long deadlineNanos;
        private final long connectDeadlineNanos;
        private Pipe pipe;
        private int firstByte = -1;
        /** Why the client was refused, while its last bytes are dropped; null otherwise. */
        private String refusal;
        private long lingerUntilNanos;
        private boolean done;

        Session(SocketChannel client, Selector selector) throws IOException {
            this.client = client;
            this.clientAddress = (InetSocketAddress) client.getRemoteAddress();
            long now = System.nanoTime();
            this.deadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(limits.timeoutMs());
            this.connectDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(connectMs());
            this.server = SocketChannel.open();
            try {
                server.configureBlocking(false);
                server.setOption(StandardSocketOptions.TCP_NODELAY, true);
                // The client's bytes wait in its socket until the server is there.
                this.clientKey = client.register(selector, 0, this);
                this.serverKey = server.register(selector, 0, this);
            } catch (IOException e) {
                closeQuietly(server);
                throw e;
            }
            boolean connected;
            try {
                connected = server.connect(forward);
            } catch (IOException e) {
                cannotConnect(IoErrors.words(e)); // refused at once: logged like a refusal found later
                return;
            }
            if (connected) {
                startRelay();
            } else {
                serverKey.interestOps(SelectionKey.OP_CONNECT);
            }
        }

        @Override
        public boolean done() {
            return done;
        }

        @Override
        public void onReady(SelectionKey key) {
            if (pipe == null) {
                if (key != serverKey || !key.isConnectable()) {
                    return;
                }
                try {
                    if (!server.finishConnect()) {
                        return;
                    }
                } catch (IOException e) {
                    cannotConnect(IoErrors.words(e));
                    return;
                }
                startRelay();
                return;
            }
            if (refusal != null) {
                drop();
                return;
            }
            step();
        }

        private void startRelay() {
            pipe = new Pipe(clientKey, serverKey, this::crossed);
            step();
        }

        private void step() {
            try {
                pipe.step(readBuffer);
            } catch (LimitExceeded e) {
                refuse();
                return;
            } catch (IOException e) {
                // a reset, or a write to a peer that has gone: the session is over
                end(pipe.bytesUp() == 0 && pipe.bytesDown() == 0 ? Outcome.CLOSED : Outcome.OK, null);
                return;
            }
            if (pipe.over()) {
                end(pipe.bytesUp() == 0 && pipe.bytesDown() == 0 ? Outcome.CLOSED : Outcome.OK, null);
            }
        }

        /**
         * Too much before the server's answer: the server is let go, a TLS client gets a fatal
         * alert and our FIN, and what it still sends is read and dropped until it closes or
         * {@link #LINGER_MS} pass (closing with its bytes unread would reset the connection, and
         * the reset would take the alert with it).
         */
        private void refuse() {
            boolean tls = firstByte >= FIRST_RECORD_TYPE && firstByte <= LAST_RECORD_TYPE;
            refusal = "sent more than " + PRE_ANSWER_LIMIT / 1024 + " KB before the server answered: cut"
                    + (tls ? " with alert unexpected_message" : "");
            serverKey.cancel();
            closeQuietly(server);
            try {
                if (tls) {
                    client.write(ByteBuffer.wrap(UNEXPECTED_MESSAGE)); // 7 bytes: an empty send buffer takes them
                }
                client.shutdownOutput();
                clientKey.interestOps(SelectionKey.OP_READ);
                lingerUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
            } catch (IOException gone) {
                end(Outcome.ALERT, refusal);
            }
        }

        private void drop() {
            try {
                for (int i = 0; i < 4; i++) {
                    readBuffer.clear();
                    int n = client.read(readBuffer);
                    if (n < 0) {
                        end(Outcome.ALERT, refusal);
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                }
            } catch (IOException gone) {
                end(Outcome.ALERT, refusal);
            }
        }

        /** Bytes read from one side, before they go to the other. */
        private void crossed(boolean fromClient, byte[] b, int off, int len) throws IOException {
            if (fromClient) {
                if (firstByte < 0) {
                    firstByte = b[off] & 0xff;
                }
                if (pipe.bytesDown() == 0 && pipe.bytesUp() > PRE_ANSWER_LIMIT) {
                    throw new LimitExceeded();
                }
            }
            rec.add(fromClient, b, off, len);
        }

        @Override
        public void tick(long now) {
            if (done) {
                return;
            }
            if (refusal != null) {
                if (now - lingerUntilNanos >= 0) {
                    end(Outcome.ALERT, refusal);
                }
            } else if (pipe == null) {
                if (now - connectDeadlineNanos >= 0) {
                    cannotConnect("no answer within " + seconds(TimeUnit.MILLISECONDS.toNanos(connectMs())));
                }
            } else if (pipe.bytesDown() == 0 && now - deadlineNanos >= 0) {
                String within = " within " + seconds(TimeUnit.MILLISECONDS.toNanos(limits.timeoutMs())) + " of accept (--timeout)";
                end(Outcome.TIMEOUT, pipe.bytesUp() == 0 ? "sent nothing" + within
                        : "no answer from the server" + within + " to the client's " + pipe.bytesUp() + " bytes");
            } else if (now - pipe.lastActivityNanos() >= TimeUnit.MILLISECONDS.toNanos(limits.idleMs())) {
                end(Outcome.TIMEOUT, "idle for " + limits.idleMs() + " ms both ways");
            }
        }

        @Override
        public void stop() {
            if (refusal != null) {
                end(Outcome.ALERT, refusal);
            } else if (pipe == null) {
                cannotConnect("the capture was stopped first");
            } else {
                end(Outcome.OK, "cut when the capture was stopped");
            }
        }

        private void cannotConnect(String why) {
            if (done) {
                return;
            }
            done = true;
            closeBoth();
            String line = ConnectionRecord.hostPort(clientAddress) + " -> " + ConnectionRecord.hostPort(forward)
                    + ": cannot connect to the forward server: " + why;
            writer.execute(() -> log.record(Outcome.ERROR, () -> line));
        }

        private void end(Outcome kind, String reason) {
            if (done) {
                return;
            }
            done = true;
            closeBoth();
            InetSocketAddress serverAddress = forward;
            writer.execute(() -> written(kind, reason, serverAddress));
        }

        /** On the writer's thread: the session into the file, its line into the log. */
        private void written(Outcome kind, String reason, InetSocketAddress serverAddress) {
            List<String> lines = keyLogLines(rec.clientRandom());
            boolean ok = file.writeSession(clientAddress, serverAddress, rec.startNanos, CaptureFile.nowNanos(),
                    rec.chunks(), lines);
            long up = rec.chunks().stream().filter(c -> c.fromClient()).mapToLong(c -> c.bytes().length).sum();
            long down = rec.chunks().stream().filter(c -> !c.fromClient()).mapToLong(c -> c.bytes().length).sum();
            log.record(ok ? kind : Outcome.ERROR, () -> ConnectionRecord.hostPort(clientAddress) + " -> "
                    + ConnectionRecord.hostPort(forward) + "  " + up + " bytes up, " + down + " bytes down, "
                    + (lines.isEmpty() ? "no secrets" : lines.size() + " secret(s)")
                    + (ok ? "" : "  NOT WRITTEN: " + file.failure().oneLine())
                    + (reason != null ? "  (" + reason + ")" : ""));
            onSession.run();
        }

        private void closeBoth() {
            clientKey.cancel();
            serverKey.cancel();
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Lines of the key log for this session's client random (what the peer appended since the last look). */
    private List<String> keyLogLines(String clientRandom) {
        if (keyLogTail == null || clientRandom == null) {
            return List.of();
        }
        try {
            return keyLogTail.take(clientRandom);
        } catch (IOException e) {
            log.record(Outcome.ERROR, () -> "key log " + keyLog + " unreadable: " + e.getMessage());
            return List.of();
        }
    }

    private int connectMs() {
        return Math.min(CONNECT_TIMEOUT_MS, limits.timeoutMs());
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing: nothing to recover
        }
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    /**
     * Stops accepting, gives the sessions in flight {@value #SHUTDOWN_GRACE_MS} ms to end, then
     * closes their sockets so each is written with what it recorded, and closes the file.
     */
    @Override
    public void close() {
        loop.stop(SHUTDOWN_GRACE_MS);
        writer.shutdown();
        int lost = 0;
        try {
            if (!writer.awaitTermination(SHUTDOWN_WRITE_MS, TimeUnit.MILLISECONDS)) {
                lost = writer.shutdownNow().size();
            }
        } catch (InterruptedException e) {
            lost = writer.shutdownNow().size();
            Thread.currentThread().interrupt();
        }
        log.flush();
        if (lost > 0) {
            String line = lost + " session(s) ended but were not written: the capture stopped before the disk took them";
            log.record(Outcome.OK, () -> line);
        }
        file.close();
    }

    /** The client sent more than {@link #PRE_ANSWER_LIMIT} before the server's first answer. */
    private static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded() {
            super("pre-answer limit", null);
        }
    }
}
