package dev.ussllab.host.bridge;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.bridge.SessionRecord.Outcome;
import dev.ussllab.profile.IoErrors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * One board's session: its TLS leg (the bridge as server), the upstream leg (the bridge as
 * client), and the relay between them, driven by the bridge's selector thread. Nothing here
 * blocks: every step reads what is there, moves what the other side can take, and writes what
 * the socket accepts.
 *
 * <p>Back-pressure: a side is read only while the plaintext it produced and the encrypted bytes
 * queued for the other side stay under their limits, so a slow reader slows its writer down and
 * a session holds a bounded amount of memory. Half-close: the end of one side's direction
 * (close_notify or a bare TCP FIN) becomes close_notify and FIN to the other once everything
 * before it has been written, and the other direction keeps flowing until that side ends too
 * ({@link HalfClose}). The session is over when both directions have ended.
 */
final class BridgeSession {

    /** Plaintext read from one side and not yet taken by the other before that side is no longer read. */
    static final int PLAIN_LIMIT = 32 * 1024;
    /** Encrypted bytes queued for a socket before the other side is no longer read (or, in a handshake, this one). */
    static final int OUT_LIMIT = 64 * 1024;
    /**
     * Bytes a board may send before its handshake is complete. The ESP8266 sends ~600 (ClientHello,
     * ClientKeyExchange for RSA-2048, ChangeCipherSpec, Finished); a desktop client with a
     * certificate chain a few KB. More than this is not a handshake.
     */
    static final int MAX_HANDSHAKE_BYTES = 32 * 1024;
    /**
     * Plaintext per record toward the board: axTLS on the ESP8266 takes records of at most 5115
     * bytes (RT_MAX_PLAIN_LENGTH 1024 + RT_EXTRA 4096 - 5, esp8266-ussl-profile.md); 4096 bytes plus
     * the largest CBC overhead (16 IV + 32 MAC + 16 padding) stay under it.
     */
    static final int BOARD_PLAINTEXT = 4096;
    /** Reads of one socket per step, so one busy session cannot starve the others on the thread. */
    static final int MAX_READS_PER_STEP = 4;
    /** Move-and-write rounds per step, for the same reason. */
    static final int MAX_ROUNDS_PER_STEP = 4;

    private final Bridge.Shared shared;
    final Leg board;
    final Leg upstream;
    private final Instant start = Instant.now();
    private final long startNanos = epochNanos();
    private final long deadlineNanos;
    private long upstreamStartNanos;
    private long lastActivityNanos = System.nanoTime();
    private long closingSinceNanos;
    private final InetSocketAddress boardAddress;
    private final InetSocketAddress listenAddress;
    private InetSocketAddress upstreamLocal;
    private boolean upstreamStarted;
    private boolean boardToUpstreamEnded;
    private boolean upstreamToBoardEnded;
    private boolean done;

    BridgeSession(Bridge.Shared shared, SocketChannel accepted) throws IOException {
        this.shared = shared;
        boolean capturing = shared.options().capture() != null;
        this.board = new Leg("board", false, capturing, shared.options().keyLog());
        this.upstream = new Leg("upstream", true, capturing, shared.options().keyLog());
        this.deadlineNanos = System.nanoTime() + shared.options().timeout().toNanos();
        this.boardAddress = (InetSocketAddress) accepted.getRemoteAddress();
        this.listenAddress = (InetSocketAddress) accepted.getLocalAddress();
        accepted.configureBlocking(false);
        // Nagle + delayed ACK cost ~90 ms a handshake (bouncycastle-tls-notes.md).
        accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
        board.channel = accepted;
        TlsServerProtocol tls = HalfClose.server();
        board.tls = tls;
        tls.accept(new BoardServer(shared.credentials(), shared.boardSuites(), board));
        board.key = accepted.register(shared.selector(), SelectionKey.OP_READ, this);
    }

    boolean done() {
        return done;
    }

    InetSocketAddress boardAddress() {
        return boardAddress;
    }

    /** A selector event on one of this session's sockets. */
    void onReady(SelectionKey key) {
        if (done) {
            return;
        }
        if (key == upstream.key && key.isValid() && key.isConnectable()) {
            try {
                if (!upstream.channel.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                end(Outcome.UPSTREAM_FAILED, "cannot connect to " + upstreamText() + ": " + IoErrors.words(e));
                return;
            }
            try {
                beginUpstreamTls();
            } catch (IOException e) {
                end(Outcome.UPSTREAM_FAILED, "upstream handshake could not start: " + IoErrors.words(e));
                return;
            }
        }
        step();
    }

    /** Deadlines, checked by the bridge a few times a second. */
    void tick(long nowNanos) {
        if (done) {
            return;
        }
        if (!(board.handshakeDone && upstream.handshakeDone) && nowNanos - deadlineNanos > 0) {
            String what = !board.handshakeDone ? "the board's handshake was not complete"
                    : upstream.tls == null ? "the upstream " + upstreamText() + " did not accept the connection"
                    : "the upstream's handshake was not complete";
            end(Outcome.TIMEOUT, what + " within " + seconds(shared.options().timeout().toNanos()) + " (--timeout)");
        } else if (closingSinceNanos != 0 && nowNanos - closingSinceNanos > shared.options().timeout().toNanos()) {
            end(Outcome.TIMEOUT, "a peer did not take the last bytes within " + seconds(shared.options().timeout().toNanos()));
        } else if (nowNanos - lastActivityNanos > shared.options().idle().toNanos()) {
            end(Outcome.TIMEOUT, "no byte either way for " + seconds(shared.options().idle().toNanos()) + " (--idle)");
        }
    }

    /** The bridge is stopping: end now, with what was relayed so far. */
    void stop() {
        if (!done) {
            end(Outcome.STOPPED, "the bridge was stopped");
        }
    }

    private void step() {
        try {
            if (!readFrom(board) || !readFrom(upstream)) {
                return;
            }
            if (board.handshakeDone && !upstreamStarted) {
                startUpstream();
                if (done) {
                    return;
                }
            }
            // Move, end, write; again while that made room for more (a flush that empties a side
            // is what lets the plaintext waiting for it move on: no socket event would say so).
            for (int round = 0; round < MAX_ROUNDS_PER_STEP; round++) {
                long before = progress();
                if (!transfer(board, upstream, Integer.MAX_VALUE) || !transfer(upstream, board, BOARD_PLAINTEXT)) {
                    return;
                }
                if (!propagateEnds()) {
                    return;
                }
                if (!flush(board) || !flush(upstream)) {
                    return;
                }
                if (progress() == before) {
                    break;
                }
            }
            if (over(board) && (!upstreamStarted || over(upstream))) {
                end(Outcome.OK, "");
                return;
            }
            if (closingSinceNanos == 0 && boardToUpstreamEnded && upstreamToBoardEnded) {
                closingSinceNanos = System.nanoTime();
            }
            interest(board);
            interest(upstream);
        } catch (RuntimeException e) {
            // A Bouncy Castle state we did not foresee must end this session, not the bridge's thread.
            end(Outcome.BOARD_FAILED, "internal error: " + e);
        }
    }

    /** Bytes moved so far, any way: a step repeats while this grows. */
    private long progress() {
        return board.plainIn + upstream.plainIn + board.wireOut + upstream.wireOut;
    }

    /** Plaintext from src is waiting and dst could take it now. */
    private static boolean movable(Leg src, Leg dst) {
        return src.tls != null && dst.tls != null && dst.handshakeDone && !dst.tls.isClosed() && !dst.outputShut
                && !dst.wantsShutdown && src.tls.getAvailableInputBytes() > 0 && dst.pendingOut() < OUT_LIMIT;
    }

    /** Reads what is there; false when the session ended. */
    private boolean readFrom(Leg leg) {
        if (leg.tls == null || inputEnded(leg)) {
            return true;
        }
        ByteBuffer buf = shared.readBuffer();
        for (int i = 0; i < MAX_READS_PER_STEP && canRead(leg); i++) {
            buf.clear();
            int n;
            try {
                n = leg.channel.read(buf);
            } catch (IOException e) {
                leg.eof = true;
                leg.alert("connection lost: " + IoErrors.words(e));
                if (!leg.handshakeDone) {
                    return failed(leg, leg.alert);
                }
                break;
            }
            if (n < 0) {
                leg.eof = true;
                if (!leg.handshakeDone) {
                    return failed(leg, leg.wireIn == 0 ? "closed before sending anything"
                            : "closed during the handshake after " + leg.wireIn + " bytes"
                                    + (leg.alert == null ? "" : " (" + leg.alert + ")"));
                }
                break;
            }
            if (n == 0) {
                break;
            }
            lastActivityNanos = System.nanoTime();
            leg.recordIn(buf.array(), 0, n);
            if (leg == board && !leg.handshakeDone && leg.wireIn > MAX_HANDSHAKE_BYTES) {
                end(Outcome.REFUSED, "sent " + leg.wireIn + " bytes without completing a handshake (limit "
                        + MAX_HANDSHAKE_BYTES + ")");
                return false;
            }
            try {
                leg.tls.offerInput(buf.array(), 0, n);
            } catch (IOException e) {
                leg.failed(e);
                return failed(leg, leg.alert);
            }
            if (n < buf.capacity()) {
                break;
            }
        }
        return true;
    }

    private boolean canRead(Leg leg) {
        if (!leg.handshakeDone) {
            return leg.pendingOut() < OUT_LIMIT; // a peer that does not read our flight gets no more of our work
        }
        return leg.tls.getAvailableInputBytes() < PLAIN_LIMIT;
    }

    private boolean failed(Leg leg, String why) {
        if (leg == board) {
            end(Outcome.BOARD_FAILED, "board " + why);
        } else {
            end(upstream.alert != null && upstream.alert.startsWith(UpstreamClient.REFUSED) ? Outcome.UPSTREAM_UNTRUSTED
                    : Outcome.UPSTREAM_FAILED, "upstream " + why);
        }
        return false;
    }

    private void startUpstream() {
        upstreamStarted = true;
        upstreamStartNanos = epochNanos();
        try {
            SocketChannel ch = SocketChannel.open();
            upstream.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = ch.connect(shared.options().upstream());
            upstream.key = ch.register(shared.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                beginUpstreamTls();
            }
        } catch (IOException e) {
            end(Outcome.UPSTREAM_FAILED, "cannot connect to " + upstreamText() + ": " + IoErrors.words(e));
        }
    }

    private void beginUpstreamTls() throws IOException {
        upstreamLocal = (InetSocketAddress) upstream.channel.getLocalAddress();
        TlsClientProtocol tls = HalfClose.client();
        upstream.tls = tls;
        tls.connect(new UpstreamClient(shared.credentials().crypto(), shared.options().serverName(),
                shared.options().trust(), shared.clientCredentials(), upstream));
        lastActivityNanos = System.nanoTime();
    }

    /** Moves plaintext from src's engine into dst's; false when the session ended. */
    private boolean transfer(Leg src, Leg dst, int maxRecord) {
        if (src.tls == null || dst.tls == null || !dst.handshakeDone || dst.tls.isClosed() || dst.outputShut) {
            return true;
        }
        byte[] tmp = shared.plainBuffer();
        while (src.tls.getAvailableInputBytes() > 0 && dst.pendingOut() < OUT_LIMIT) {
            int n = src.tls.readInput(tmp, 0, Math.min(tmp.length, maxRecord));
            try {
                dst.tls.writeApplicationData(tmp, 0, n);
            } catch (IOException e) {
                dst.failed(e);
                return failed(dst, dst.alert);
            }
            src.plainIn += n;
        }
        return true;
    }

    /** Relays the end of one direction to the other side; false when the session ended. */
    private boolean propagateEnds() {
        if (!boardToUpstreamEnded && ended(board, upstream)) {
            if (!upstream.handshakeDone) {
                if (board.tls.getAvailableInputBytes() == 0 && board.plainIn == 0) {
                    end(Outcome.BOARD_FAILED, "board closed before the upstream was ready, having sent nothing");
                    return false;
                }
                return true; // its bytes go out once the upstream is ready
            }
            boardToUpstreamEnded = true;
            closeOutput(board, upstream);
        }
        if (!upstreamToBoardEnded && upstream.tls != null && upstream.handshakeDone && ended(upstream, board)) {
            upstreamToBoardEnded = true;
            closeOutput(upstream, board);
        }
        return true;
    }

    /** A side whose input is over and whose plaintext has all been handed on (or never can be). */
    private static boolean ended(Leg src, Leg dst) {
        if (src.tls == null || !inputEnded(src)) {
            return false;
        }
        return src.tls.getAvailableInputBytes() == 0 || dst.tls != null && (dst.tls.isClosed() || dst.outputShut);
    }

    /** Nothing more will come from this side: FIN, close_notify, or its TLS engine closed. */
    static boolean inputEnded(Leg leg) {
        return leg.eof || leg.tls.isClosed() || HalfClose.of(leg.tls).peerClosed();
    }

    /** The end of src's direction, relayed as close_notify and FIN; dst's own direction goes on. */
    private void closeOutput(Leg src, Leg dst) {
        if (dst.tls.isClosed() || dst.wantsShutdown) {
            return;
        }
        try {
            HalfClose.of(dst.tls).sendCloseNotify();
        } catch (IOException e) {
            dst.alert("close failed: " + IoErrors.words(e));
        }
        dst.wantsShutdown = true;
    }

    private boolean flush(Leg leg) {
        if (leg.channel == null || leg.tls == null || !leg.channel.isConnected()) {
            return true;
        }
        try {
            int before = leg.pendingOut();
            boolean empty = leg.flush();
            if (leg.pendingOut() != before) {
                lastActivityNanos = System.nanoTime();
            }
            if (empty && leg.wantsShutdown && !leg.outputShut) {
                leg.channel.shutdownOutput();
                leg.outputShut = true;
            }
            return true;
        } catch (IOException e) {
            if (inputEnded(leg)) {
                // It said it was done and then went away before our last bytes: nothing was lost
                // that it wanted (its close_notify or FIN came first).
                leg.outputShut = true;
                leg.flushQuietlyDiscard();
                return true;
            }
            leg.alert("connection lost while writing: " + IoErrors.words(e));
            return failed(leg, leg.alert);
        }
    }

    private static boolean over(Leg leg) {
        return leg.tls != null && (leg.tls.isClosed() || inputEnded(leg) && leg.outputShut) && leg.pendingOut() == 0;
    }

    private void interest(Leg leg) {
        if (leg.key == null || !leg.key.isValid() || leg.tls == null) {
            return;
        }
        int ops = 0;
        if (!inputEnded(leg) && canRead(leg)) {
            ops |= SelectionKey.OP_READ;
        }
        // Pending bytes, or plaintext from the other side that this one has room for (the round cap
        // of a step was reached): a writable socket fires at once and the next step moves it.
        if (leg.pendingOut() > 0 || movable(leg == board ? upstream : board, leg)) {
            ops |= SelectionKey.OP_WRITE;
        }
        leg.key.interestOps(ops);
    }

    /** Ends the session: last bytes out if the socket takes them, both closed, one record, the capture. */
    private void end(Outcome outcome, String detail) {
        if (done) {
            return;
        }
        done = true;
        for (Leg leg : List.of(board, upstream)) {
            if (leg.tls != null && leg.handshakeDone && !leg.tls.isClosed()) {
                try {
                    leg.tls.close(); // the healthy side learns the session is over from a close_notify
                } catch (IOException ignored) {
                    // going away regardless
                }
            }
            if (leg.channel != null && leg.channel.isConnected() && leg.tls != null) {
                try {
                    leg.flush(); // an alert or close_notify, if the socket has room for it now
                } catch (IOException ignored) {
                    // the peer has gone
                }
            }
            if (leg.key != null) {
                leg.key.cancel();
            }
            leg.closeChannel();
        }
        long endNanos = epochNanos();
        Instant end = Instant.now();
        if (shared.options().capture() != null) {
            shared.options().capture().writeSession(boardAddress, listenAddress, startNanos, endNanos, board.chunks,
                    board.secrets);
            if (upstreamLocal != null) {
                shared.options().capture().writeSession(upstreamLocal, shared.options().upstream(), upstreamStartNanos,
                        endNanos, upstream.chunks, upstream.secrets);
            }
        }
        shared.ended(new SessionRecord(boardAddress, upstreamText(), board.protocol, board.suite, upstream.protocol,
                upstream.suite, board.plainIn, upstream.plainIn, start, end, outcome, detail));
    }

    private String upstreamText() {
        InetSocketAddress a = shared.options().upstream();
        String name = shared.options().upstreamName();
        return name.equals(a.getAddress().getHostAddress()) ? ConnectionRecord.hostPort(a) : name + ":" + a.getPort();
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
