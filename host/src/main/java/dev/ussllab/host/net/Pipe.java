package dev.ussllab.host.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Bytes both ways between a client's and a server's non-blocking sockets, as stunnel and haproxy
 * relay them: what a socket cannot take now waits in a buffer of its own and its source is not
 * read again until that is written (back-pressure: at most one read's bytes wait each way, and an
 * idle pipe holds no buffer at all). The end of one direction (the peer's FIN) is passed on as a
 * half-close once everything before it is written; the other direction flows on until it ends
 * too. Loop thread only.
 */
public final class Pipe {

    /** What crossed, in the order it crossed; may throw to end the pipe (a limit reached). */
    public interface Tap {
        void bytes(boolean fromClient, byte[] b, int off, int len) throws IOException;
    }

    /** One socket read: the largest TLS record and its header (RFC 5246 6.2.3). */
    public static final int READ_CHUNK = (1 << 14) + 2048 + 5;
    /** Reads of one socket per step, so one busy pipe cannot starve the others on the thread. */
    private static final int READS_PER_STEP = 4;

    private final Flow up;
    private final Flow down;
    private final SelectionKey clientKey;
    private final SelectionKey serverKey;
    private final Tap tap;
    private long lastActivityNanos = System.nanoTime();

    /** Both sockets connected and registered (their keys' interest is set by {@link #step}). */
    public Pipe(SelectionKey clientKey, SelectionKey serverKey, Tap tap) {
        this.clientKey = clientKey;
        this.serverKey = serverKey;
        this.tap = tap;
        this.up = new Flow((SocketChannel) clientKey.channel(), (SocketChannel) serverKey.channel(), true);
        this.down = new Flow((SocketChannel) serverKey.channel(), (SocketChannel) clientKey.channel(), false);
    }

    /** Bytes already read from the client (not given to the tap again) that go to the server first. */
    public void sendUp(byte[] first) {
        if (first.length > 0) {
            up.pending = ByteBuffer.wrap(first.clone());
        }
    }

    /**
     * Reads what is there, writes what the sockets take, passes ends on, and sets the keys'
     * interest for what is left. buffer is the loop's read buffer (a heap buffer of {@link #READ_CHUNK}).
     * A socket error (a reset, a write to a closed peer) is thrown: the pipe is over.
     */
    public void step(ByteBuffer buffer) throws IOException {
        up.step(buffer);
        down.step(buffer);
        if (!over()) {
            clientKey.interestOps((up.wantsRead() ? SelectionKey.OP_READ : 0) | (down.pending != null ? SelectionKey.OP_WRITE : 0));
            serverKey.interestOps((down.wantsRead() ? SelectionKey.OP_READ : 0) | (up.pending != null ? SelectionKey.OP_WRITE : 0));
        }
    }

    /** Both directions ended and passed on. */
    public boolean over() {
        return up.shut && down.shut;
    }

    public long bytesUp() {
        return up.bytes;
    }

    public long bytesDown() {
        return down.bytes;
    }

    /** The client has closed its side (FIN). */
    public boolean clientEnded() {
        return up.eof;
    }

    /** When a byte last moved either way (nanoTime). */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    private final class Flow {
        final SocketChannel from;
        final SocketChannel to;
        final boolean fromClient;
        ByteBuffer pending;
        boolean eof;
        boolean shut;
        long bytes;

        Flow(SocketChannel from, SocketChannel to, boolean fromClient) {
            this.from = from;
            this.to = to;
            this.fromClient = fromClient;
        }

        boolean wantsRead() {
            return !eof && pending == null;
        }

        void step(ByteBuffer buf) throws IOException {
            if (pending != null) {
                write(pending);
                if (pending.hasRemaining()) {
                    return;
                }
                pending = null;
            }
            for (int i = 0; i < READS_PER_STEP && !eof; i++) {
                buf.clear();
                int n = from.read(buf);
                if (n < 0) {
                    eof = true;
                    break;
                }
                if (n == 0) {
                    break;
                }
                bytes += n;
                lastActivityNanos = System.nanoTime();
                tap.bytes(fromClient, buf.array(), 0, n);
                buf.flip();
                write(buf);
                if (buf.hasRemaining()) {
                    pending = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
                    return;
                }
                if (n < buf.capacity()) {
                    break; // drained: asking again would cost a system call to learn so
                }
            }
            if (eof && pending == null && !shut) {
                shut = true;
                to.shutdownOutput();
            }
        }

        private void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (to.write(b) == 0) {
                    return;
                }
                lastActivityNanos = System.nanoTime();
            }
        }
    }
}
