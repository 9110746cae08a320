package dev.ussllab.host.internal;

import dev.ussllab.host.ConnectionObserver;
import dev.ussllab.host.ConnectionObserver.Direction;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.host.net.ServerLoop;
import dev.ussllab.profile.hello.Ja3;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.bouncycastle.tls.AlertDescription;

/**
 * One connection, start to end, driven by readiness events instead of a thread of its own:
 * bytes the socket has are offered to Bouncy Castle's TLS server in non-blocking mode, what it
 * produces is written back, the message is collected until a newline, the limit or the peer's
 * close, answered upper-cased, and the connection closes; then one record to the listener.
 *
 * <p>Every step runs on a worker of the {@link HostLoop}'s pool under this object's lock, one at
 * a time: the selector thread ({@link ServerLoop}) only notices readiness and the deadline. An idle connection holds no
 * thread and no TLS state (that is made when its first bytes arrive), only this small object.
 * Never throws: every ending is an outcome.
 */
final class Connection implements ServerLoop.Connection {

    /** TLS record content type handshake (RFC 8446 5.1): every ClientHello record starts with it. */
    private static final int HANDSHAKE_RECORD = 0x16;
    /**
     * Bytes a client may send before its handshake completes. A real one sends a ClientHello
     * (the largest seen here: 65 KB, 32,765 suites), maybe a certificate chain, a key exchange and
     * Finished; a peer streaming warning alerts or junk records would otherwise be read for ever.
     */
    static final int PRE_HANDSHAKE_LIMIT = 128 * 1024;
    private static final String LIMIT_WORDS = "more than " + PRE_HANDSHAKE_LIMIT / 1024 + " KB before the handshake completed";
    /** One socket read: the largest TLS record and its header (RFC 5246 6.2.3). */
    private static final int READ_CHUNK = (1 << 14) + 2048 + 5;
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(READ_CHUNK));
    /** Every connection's JA3 comes from here: one parse per distinct ClientHello, not per connection. */
    private static final Ja3Memo JA3 = new Ja3Memo();
    private static final ThreadLocal<byte[]> OUT_BUFFER = ThreadLocal.withInitial(() -> new byte[READ_CHUNK]);

    final SocketChannel channel;
    /** Set by the loop right after registering, before any event can reach this connection. */
    SelectionKey key;
    private final HostLoop loop;
    private final ConnectionShared shared;
    private ConnectionState state;
    private ConnectionObserver observer;
    private RecordingServerProtocol tls;
    private MessageReader message;
    /** Written by TLS but not yet taken by the socket (the peer reads slowly). */
    private ByteBuffer pending;
    private boolean replied;
    private volatile boolean finished;
    private volatile boolean expired;
    private long bytesIn;
    private long bytesOut;
    private int firstByte = -1;
    /** Bytes have arrived (the ClientHello, or what stands for it): read by the loop to rank the next read. */
    private volatile boolean started;

    Connection(SocketChannel channel, InetSocketAddress client, InetSocketAddress server, HostLoop loop,
            ConnectionShared shared) {
        this.channel = channel;
        this.loop = loop;
        this.shared = shared;
        this.state = new ConnectionState(client, server);
        this.observer = ConnectionObserver.NONE;
        try {
            this.observer = shared.observers().open(client, server);
        } catch (RuntimeException e) {
            state.lost("the capture could not follow this connection: " + e.getMessage());
        }
    }

    @Override
    public boolean done() {
        return finished;
    }

    /** Readable or writable: the step goes to a worker. Loop thread. */
    @Override
    public void onReady(SelectionKey k) {
        loop.ready(this, k);
    }

    /** Called at its deadline (the only tick the host's loop gives). Loop thread. */
    @Override
    public void tick(long nowNanos) {
        expire();
    }

    /** The loop is ending (its grace after close() is over): as at the deadline. */
    @Override
    public void stop() {
        expire();
    }

    /** Its first bytes have been read: the handshake is in progress (or over). */
    boolean started() {
        return started;
    }

    /** The socket has bytes (or its end): read what is there, let TLS work, answer. Pool thread. */
    synchronized void onReadable() {
        if (finished) {
            return;
        }
        try {
            boolean eof = false;
            ByteBuffer buf = READ_BUFFER.get();
            while (!replied) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    eof = true;
                    break;
                }
                if (n == 0) {
                    break;
                }
                take(buf.array(), n);
                if (n < buf.capacity()) {
                    break; // drained: asking again would cost a system call to learn so
                }
            }
            sendOutput();
            if (!replied && eof) {
                endOfInput();
            } else if (!replied) {
                loop.wantRead(this);
            }
            closeIfDone();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** The socket can take more of what TLS wrote. Pool thread. */
    synchronized void onWritable() {
        if (finished) {
            return;
        }
        try {
            sendOutput();
            closeIfDone();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * The connection's time is up (a hard deadline from accept to the message, not per read: a
     * client trickling one byte a second would otherwise hold it for ever). Selector thread: the
     * socket closes now, the record is written by a worker.
     */
    private void expire() {
        expired = true;
        closeChannel();
        loop.submit(this::finishExpired);
    }

    private synchronized void finishExpired() {
        if (!finished) {
            finish(Outcome.TIMEOUT, timeoutDetail());
        }
    }

    private String timeoutDetail() {
        String within = " within " + shared.timeoutMillis() / 1000.0 + " s";
        if (state.handshakeDone == null) {
            return "no complete handshake" + within;
        }
        return replied ? "the reply was not taken" + within : "no message" + within;
    }

    private void take(byte[] b, int n) throws IOException {
        if (bytesIn == 0) {
            firstByte = b[0] & 0xff;
            started = true;
        }
        bytesIn += n;
        observer.onBytes(Direction.IN, b, 0, n);
        if (tls == null) {
            tls = new RecordingServerProtocol(state);
            tls.accept(new LabTlsServer(shared.credentials(), shared.policy(), shared.suites(), state, shared.keyLog()));
        }
        if (state.handshakeDone == null && bytesIn > PRE_HANDSHAKE_LIMIT) {
            tls.abort(AlertDescription.unexpected_message, LIMIT_WORDS);
            throw new LimitExceeded();
        }
        tls.offerInput(b, 0, n);
        int available = tls.getAvailableInputBytes();
        if (available > 0) {
            if (message == null) {
                message = new MessageReader(shared.maxMessage());
            }
            byte[] chunk = new byte[available];
            tls.readInput(chunk, 0, available);
            if (message.offer(chunk, 0, available)) {
                reply();
            }
        }
    }

    /** The peer closed its side: before the handshake that is the end; after it, the message is complete. */
    private void endOfInput() throws IOException {
        if (state.handshakeDone != null) {
            reply();
            sendOutput();
            return;
        }
        if (bytesIn == 0) {
            finish(Outcome.CLOSED, "closed before sending anything");
        } else if (state.clientHello.length == 0 && firstByte == HANDSHAKE_RECORD) {
            finish(Outcome.CLOSED, "closed before its ClientHello was complete (" + bytesIn + " bytes)");
        } else if (state.clientHello.length == 0) {
            finish(Outcome.ERROR, notTls());
        } else if (state.alert != null) {
            finish(Outcome.ALERT, state.alert);
        } else {
            finish(Outcome.CLOSED, "during the handshake: connection lost: closed by the client");
        }
    }

    private void reply() throws IOException {
        if (replied) {
            return;
        }
        replied = true;
        byte[] received = MessageReader.strip(message == null ? new byte[0] : message.message());
        message = null;
        state.received = received;
        byte[] answer = MessageReader.upper(received);
        if (answer.length > 0) {
            tls.writeApplicationData(answer, 0, answer.length);
        }
        tls.close(); // close_notify
    }

    /** Moves what TLS wrote to the socket; what the socket cannot take now waits for OP_WRITE. */
    private void sendOutput() throws IOException {
        if (pending != null) {
            write(pending);
            if (pending.hasRemaining()) {
                loop.wantWrite(this);
                return;
            }
            pending = null;
        }
        if (tls == null) {
            return;
        }
        int available = tls.getAvailableOutputBytes();
        if (available == 0) {
            return;
        }
        byte[] out = available <= READ_CHUNK ? OUT_BUFFER.get() : new byte[available];
        tls.readOutput(out, 0, available);
        observer.onBytes(Direction.OUT, out, 0, available);
        bytesOut += available;
        // The whole flight (ServerHello .. ServerHelloDone) in one write: one TCP segment, as OpenSSL sends it.
        ByteBuffer b = ByteBuffer.wrap(out, 0, available);
        write(b);
        if (b.hasRemaining()) {
            pending = ByteBuffer.allocate(b.remaining()).put(b).flip();
            loop.wantWrite(this);
        }
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                return;
            }
        }
    }

    private void closeIfDone() {
        if (!finished && replied && pending == null) {
            finish(Outcome.OK, "");
        }
    }

    private void fail(Throwable e) {
        if (finished) {
            return;
        }
        if (pending == null) {
            try {
                sendOutput(); // the alert that ended the handshake, if the socket still takes it
            } catch (IOException | RuntimeException ignored) {
                // the peer has gone: nothing more can reach it
            }
        }
        if (expired) {
            finish(Outcome.TIMEOUT, timeoutDetail());
        } else if (e instanceof LimitExceeded) {
            // our alert, not the first one seen (a stream of the peer's warnings, say)
            finish(Outcome.ALERT, "sent alert unexpected_message: " + LIMIT_WORDS);
        } else if (bytesIn == 0 && !(e instanceof ClosedChannelException)) {
            finish(Outcome.CLOSED, "closed before sending anything");
        } else if (state.clientHello.length == 0 && firstByte != HANDSHAKE_RECORD && tls != null) {
            finish(Outcome.ERROR, notTls()); // BC's alert to a non-TLS peer is noise: say what it was
        } else if (state.alert != null) {
            finish(Outcome.ALERT, state.alert);
        } else if (state.lost != null) {
            finish(Outcome.CLOSED, (state.handshakeDone == null ? "during the handshake: " : "") + state.lost);
        } else if (e instanceof IOException && !(e instanceof org.bouncycastle.tls.TlsFatalAlert)) {
            // the socket itself broke (reset by the peer, say): BC never saw it
            String what = "connection lost: " + dev.ussllab.profile.UserText.of(e);
            finish(Outcome.CLOSED, (state.handshakeDone == null ? "during the handshake: " : "") + what);
        } else {
            finish(Outcome.CLOSED, (state.handshakeDone == null ? "closed during the handshake: " : "closed: ")
                    + dev.ussllab.profile.UserText.of(e));
        }
    }

    private String notTls() {
        return String.format("not TLS: the first byte is 0x%02x, not a handshake record (0x16)", firstByte);
    }

    /** Closes the socket and tells the listener, once. Leaves nothing reachable but this shell. */
    private void finish(Outcome outcome, String detail) {
        finished = true;
        closeChannel();
        loop.ended(this);
        ConnectionState s = state;
        if (s.clientHello.length > 0) {
            Ja3 ja3 = JA3.of(s.clientHello); // null: a ClientHello BC accepted but the shared parser did not
            if (ja3 != null) {
                s.ja3 = ja3.md5();
                s.ja3Text = ja3.text();
            }
        }
        ConnectionRecord record = s.toRecord(bytesIn, bytesOut, outcome, detail);
        ConnectionObserver o = observer;
        // The deadline queue keeps this object until its deadline: keep it small.
        state = null;
        tls = null;
        message = null;
        pending = null;
        observer = ConnectionObserver.NONE;
        try {
            o.onClose(record);
        } finally {
            shared.listener().connectionEnded(record);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort: the socket is going away either way
        }
    }

    /** The client sent more than {@link #PRE_HANDSHAKE_LIMIT} before its handshake completed. */
    private static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded() {
            super("pre-handshake limit", null);
        }
    }
}
