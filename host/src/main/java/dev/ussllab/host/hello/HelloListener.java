package dev.ussllab.host.hello;

import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.host.net.Pipe;
import dev.ussllab.host.net.SelfRelay;
import dev.ussllab.host.net.ServerLoop;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.hello.ClientHelloReader;
import dev.ussllab.profile.hello.MalformedHelloException;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Listens for TLS clients, reads each one's ClientHello and reports it, then either refuses the
 * handshake with a handshake_failure alert (as a server with no common suite would) or relays the
 * connection, hello included, to a real server.
 *
 * <p>Every connection runs on the one thread that calls {@link #serve} (a selector: {@link
 * ServerLoop}), so a silent or slow client holds a socket, never a thread, and a new client is
 * read as soon as its bytes arrive however many others are held. Limits (issue 15): a hard
 * deadline from accept to the complete ClientHello, at most {@link #PRE_HELLO_LIMIT} bytes read
 * before it, a record longer than TLS allows refused at its header, and at most maxConnections
 * open at once (beyond them: busy).
 */
public final class HelloListener implements Closeable {

    /** Alert record: fatal (2), handshake_failure (40), record version TLS 1.2 (RFC 8446 section 6). */
    private static final byte[] HANDSHAKE_FAILURE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    /** Fatal record_overflow (22): a record longer than 2^14 bytes (RFC 8446 5.1 says to answer so). */
    private static final byte[] RECORD_OVERFLOW = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x16};
    /** Fatal unexpected_message (10): more bytes than any ClientHello, as the host answers them. */
    private static final byte[] UNEXPECTED_MESSAGE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};
    /** How long a client may take to send its hello, by default (a board on Wi-Fi needs well under 1 s). */
    public static final int HELLO_TIMEOUT_MS = 10_000;
    /** Connections open at once by default (idle ones included): one file descriptor each, two when relayed. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    /**
     * Bytes read before the ClientHello is complete: the largest one the format allows (131,400
     * bytes of handshake, ClientHelloReader.MAX_HELLO) split into records of 1 KB or more.
     */
    public static final int PRE_HELLO_LIMIT = 256 * 1024;
    /**
     * After the alert: time for the client to read it and close before we do. Closing first while
     * it still sends makes a reset, which can take the alert with it; the emulated board on a
     * loaded machine has needed more than 1 s. What it sends meanwhile is read and dropped.
     */
    private static final int LINGER_MS = 5_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A relayed connection with no byte either way for this long is closed. */
    private static final int RELAY_IDLE_MS = 60_000;
    /** TLS record content type handshake: a TLS client's first byte, the only one that gets an alert. */
    private static final int HANDSHAKE_RECORD = 0x16;
    private static final int BACKLOG = 1024;

    private final ServerSocketChannel server;
    private final InetSocketAddress forward;
    private final int helloTimeoutMs;
    private final int maxConnections;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(Pipe.READ_CHUNK);
    private volatile ServerLoop loop;
    private volatile boolean closed;
    private int hellos;
    private int count;
    private Consumer<HelloEvent> sink;

    private HelloListener(ServerSocketChannel server, InetSocketAddress forward, int helloTimeoutMs, int maxConnections) {
        this.server = server;
        this.forward = forward;
        this.helloTimeoutMs = helloTimeoutMs;
        this.maxConnections = maxConnections;
    }

    /** Binds now, so a port in use or a foreign address fails before anything else happens. */
    public static HelloListener open(InetSocketAddress bind, InetSocketAddress forward) {
        return open(bind, forward, HELLO_TIMEOUT_MS);
    }

    /** As {@link #open(InetSocketAddress, InetSocketAddress)}, with the time a client has to send its hello. */
    public static HelloListener open(InetSocketAddress bind, InetSocketAddress forward, int helloTimeoutMs) {
        return open(bind, forward, helloTimeoutMs, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * As {@link #open(InetSocketAddress, InetSocketAddress, int)}, with the most connections open at
     * once; beyond them a new one is closed at once and reported busy.
     */
    public static HelloListener open(InetSocketAddress bind, InetSocketAddress forward, int helloTimeoutMs,
            int maxConnections) {
        if (forward != null) {
            SelfRelay.refuse(bind, forward, "--listen", "--forward", "hello");
        }
        ServerSocketChannel s = null;
        try {
            s = ServerSocketChannel.open();
            s.socket().setReuseAddress(true);
            s.bind(bind, BACKLOG);
            if (forward != null) {
                // Port 0: the port the kernel chose may be the forward one.
                SelfRelay.refuse(new InetSocketAddress(bind.getAddress(), s.socket().getLocalPort()), forward,
                        "--listen", "--forward", "hello");
            }
            return new HelloListener(s, forward, helloTimeoutMs, maxConnections);
        } catch (LabException e) {
            closeQuietly(s);
            throw e;
        } catch (BindException e) {
            closeQuietly(s);
            String where = bind.getAddress().getHostAddress() + ":" + bind.getPort();
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new LabException(LabException.Kind.FAILURE, "cannot listen on " + where + ": the port is in use",
                        "choose another port or stop the program that holds it (ss -ltnp)", e);
            }
            throw new LabException(LabException.Kind.BAD_INPUT, "cannot listen on " + where + ": " + e.getMessage(),
                    "listen on an address of this machine (ip -br addr)", e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new LabException(LabException.Kind.FAILURE, "cannot listen on " + bind + ": " + e.getMessage(),
                    null, e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    /**
     * Serves on this thread until {@code count} ClientHellos have been reported (0: until {@link
     * #close()}), then until the connections in progress have ended (each by its deadline at the
     * latest). Events arrive on this thread, one at a time.
     */
    public void serve(int count, Consumer<HelloEvent> sink) {
        this.count = count;
        this.sink = sink;
        if (closed) {
            return;
        }
        ServerLoop l = ServerLoop.of(server, new Handler(), maxConnections);
        loop = l;
        if (closed) {
            l.stop(0);
        }
        l.run();
    }

    /** Stops at once: connections in progress are closed. Safe from any thread, and twice. */
    @Override
    public void close() {
        closed = true;
        ServerLoop l = loop;
        if (l != null) {
            l.stop(0);
        } else {
            closeQuietly(server);
        }
    }

    private void report(HelloEvent e) {
        try {
            sink.accept(e);
        } catch (RuntimeException ignored) {
            // a sink's failure must not take the listener's thread down
        }
    }

    private final class Handler implements ServerLoop.Handler {
        @Override
        public ServerLoop.Connection accepted(SocketChannel channel, Selector selector) throws IOException {
            return new Client(channel, selector);
        }

        @Override
        public void busy(InetSocketAddress client, InetSocketAddress local, int max) {
            if (client != null) {
                report(new HelloEvent(client, null, null, "refused: " + max
                        + " connections open, the most --max-connections allows", Outcome.BUSY));
            }
        }

        @Override
        public void notice(String line) {
            report(new HelloEvent(address(), null, null, line, Outcome.ERROR));
        }
    }

    private enum Phase { READING, REFUSING, CONNECTING, RELAYING }

    /** One client, from accept to its end. Loop thread only. */
    private final class Client implements ServerLoop.Connection {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final InetSocketAddress peer;
        private final long deadlineNanos;
        private final HelloFraming framing = new HelloFraming();
        private byte[] bytes = new byte[0];
        private int length;
        private Phase phase = Phase.READING;
        private long phaseDeadlineNanos;
        private ClientHelloReader.Result hello;
        private SocketChannel upstream;
        private SelectionKey upstreamKey;
        private Pipe pipe;
        private boolean done;

        Client(SocketChannel channel, Selector selector) throws IOException {
            this.channel = channel;
            this.peer = (InetSocketAddress) channel.getRemoteAddress();
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(helloTimeoutMs);
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        @Override
        public boolean done() {
            return done;
        }

        @Override
        public void onReady(SelectionKey k) {
            try {
                switch (phase) {
                    case READING -> read();
                    case REFUSING -> linger();
                    case CONNECTING -> {
                        if (k == upstreamKey && k.isConnectable() && upstream.finishConnect()) {
                            relay();
                        }
                    }
                    case RELAYING -> step();
                }
            } catch (IOException e) {
                if (phase == Phase.CONNECTING) {
                    forwardFailed(e.getMessage());
                } else if (phase == Phase.READING) {
                    end(new HelloEvent(peer, null, null, "connection failed: " + e.getMessage(), Outcome.CLOSED));
                } else {
                    end(null);
                }
            }
        }

        private void read() throws IOException {
            boolean eof = false;
            for (int i = 0; i < 4; i++) {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                if (n < 0) {
                    eof = true;
                    break;
                }
                if (n == 0) {
                    break;
                }
                if (length + n > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.min(2 * bytes.length, PRE_HELLO_LIMIT + n)));
                }
                System.arraycopy(readBuffer.array(), 0, bytes, length, n);
                length += n;
                if (length > PRE_HELLO_LIMIT || n < readBuffer.capacity()) {
                    break;
                }
            }
            HelloFraming.State state = framing.offer(bytes, length);
            if (state == HelloFraming.State.MORE && length > PRE_HELLO_LIMIT) {
                alert(UNEXPECTED_MESSAGE);
                end(new HelloEvent(peer, null, null, "sent more than " + PRE_HELLO_LIMIT / 1024
                        + " KB without a complete ClientHello: refused with alert unexpected_message", Outcome.ALERT));
                return;
            }
            if (state == HelloFraming.State.MORE && !eof) {
                return;
            }
            try {
                // COMPLETE or INVALID: the reader parses, or names the field; at EOF, what is missing.
                hello = ClientHelloReader.read(new ByteArrayInputStream(bytes, 0,
                        state == HelloFraming.State.MORE ? length : framing.end()));
            } catch (MalformedHelloException e) {
                if (framing.overflow()) {
                    alert(RECORD_OVERFLOW);
                    end(new HelloEvent(peer, null, null, e.getMessage() + ": refused with alert record_overflow",
                            Outcome.ALERT));
                } else {
                    end(new HelloEvent(peer, null, null, e.getMessage(), Outcome.ERROR));
                }
                return;
            } catch (EOFException e) {
                end(new HelloEvent(peer, null, null, "closed the connection without sending anything", Outcome.CLOSED));
                return;
            }
            helloComplete();
        }

        private void helloComplete() throws IOException {
            hellos++;
            if (count > 0 && hellos > count) {
                end(null); // arrived while the listener was stopping
                return;
            }
            if (count > 0 && hellos == count) {
                loop.stopAccepting();
            }
            if (forward == null) {
                refuse();
                report(new HelloEvent(peer, hello.hello(), hello.consumed(), null));
                return;
            }
            phase = Phase.CONNECTING;
            phaseDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
            key.interestOps(0); // what the client sends next waits in its socket until the server is there
            upstream = SocketChannel.open();
            upstream.configureBlocking(false);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected;
            try {
                connected = upstream.connect(forward);
            } catch (IOException e) {
                forwardFailed(e.getMessage());
                return;
            }
            upstreamKey = upstream.register(key.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                relay();
            }
        }

        private void relay() throws IOException {
            phase = Phase.RELAYING;
            report(new HelloEvent(peer, hello.hello(), hello.consumed(), null));
            pipe = new Pipe(key, upstreamKey, (fromClient, b, off, len) -> { });
            pipe.sendUp(Arrays.copyOf(bytes, length)); // the hello and whatever followed it
            bytes = null;
            step();
        }

        private void step() throws IOException {
            pipe.step(readBuffer);
            if (pipe.over()) {
                end(null);
            }
        }

        private void forwardFailed(String why) {
            report(new HelloEvent(peer, hello.hello(), hello.consumed(), "could not forward to " + forward.getHostString()
                    + ":" + forward.getPort() + ": " + why + " (the client got a handshake_failure alert; is the server running?)",
                    Outcome.ERROR));
            if (upstreamKey != null) {
                upstreamKey.cancel();
            }
            closeQuietly(upstream);
            try {
                refuse();
            } catch (IOException e) {
                end(null);
            }
        }

        /** handshake_failure, our FIN, then the client's close (or the linger deadline) before ours. */
        private void refuse() throws IOException {
            phase = Phase.REFUSING;
            bytes = null;
            phaseDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
            channel.write(ByteBuffer.wrap(HANDSHAKE_FAILURE)); // 7 bytes into an empty send buffer
            channel.shutdownOutput();
            key.interestOps(SelectionKey.OP_READ);
        }

        private void linger() throws IOException {
            for (int i = 0; i < 4; i++) {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                if (n < 0) {
                    end(null);
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        }

        private void alert(byte[] alert) {
            if (length > 0 && (bytes[0] & 0xFF) == HANDSHAKE_RECORD) {
                try {
                    channel.write(ByteBuffer.wrap(alert));
                } catch (IOException ignored) {
                    // the client has gone: nothing to tell it
                }
            }
        }

        @Override
        public void tick(long now) {
            switch (phase) {
                case READING -> {
                    if (now - deadlineNanos >= 0) {
                        end(new HelloEvent(peer, null, null, length > 0
                                ? "sent no complete ClientHello within " + helloTimeoutMs + " ms"
                                : "sent nothing within " + helloTimeoutMs + " ms (a TLS client speaks first: is it wrapping "
                                        + "its socket in TLS, and connected to the right port?)", Outcome.TIMEOUT));
                    }
                }
                case REFUSING -> {
                    if (now - phaseDeadlineNanos >= 0) {
                        end(null);
                    }
                }
                case CONNECTING -> {
                    if (now - phaseDeadlineNanos >= 0) {
                        forwardFailed("no answer within " + CONNECT_TIMEOUT_MS / 1000 + " s");
                    }
                }
                case RELAYING -> {
                    if (now - pipe.lastActivityNanos() >= TimeUnit.MILLISECONDS.toNanos(RELAY_IDLE_MS)) {
                        end(null);
                    }
                }
            }
        }

        @Override
        public void stop() {
            end(null);
        }

        /** Closes every socket and reports the event, if any. */
        private void end(HelloEvent event) {
            if (done) {
                return;
            }
            done = true;
            key.cancel();
            closeQuietly(channel);
            if (upstreamKey != null) {
                upstreamKey.cancel();
            }
            closeQuietly(upstream);
            bytes = null;
            if (event != null) {
                report(event);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
