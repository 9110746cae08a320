package dev.ussllab.device.repl;

import dev.ussllab.device.serial.SerialLink;
import java.io.IOException;
import java.time.Duration;

/**
 * A link to a board whose /remote is a local folder ({@code board mount}; mpremote's
 * SerialIntercept): every read looks for the hook's request byte 0x18, answers the request there
 * and then ({@link RemoteFsServer}), and passes the other bytes on. Whatever reads the link (the
 * raw REPL driver, the terminal) thus serves the board's file requests while it waits for output.
 */
public final class MountedLink implements SerialLink {

    /** The byte before a command number (CAN, which a board never prints otherwise). */
    static final int REQUEST = 0x18;
    /** How long the board may take to send a request's arguments (mpremote sets 5 s on the port). */
    private static final Duration ARGUMENT_TIMEOUT = Duration.ofSeconds(5);
    /** The largest write the board may send in one request. */
    private static final int MAX_ARGUMENT = 16 << 20;

    private final SerialLink link;
    private final RemoteFsServer server;
    private final Object writing = new Object();
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;

    public MountedLink(SerialLink link, RemoteFsServer server) {
        this.link = link;
        this.server = server;
    }

    /** The link without the mount (after the board unmounts). */
    public SerialLink unwrap() {
        return link;
    }

    public RemoteFsServer server() {
        return server;
    }

    @Override
    public int read(byte[] out, int off, int len, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (pos == lim) {
                long left = Math.max(0, deadline - System.nanoTime());
                int n = link.read(buf, 0, buf.length, Duration.ofNanos(left));
                if (n <= 0) {
                    return 0;
                }
                pos = 0;
                lim = n;
            }
            int copied = 0;
            while (pos < lim && copied < len && (buf[pos] & 0xff) != REQUEST) {
                out[off + copied++] = buf[pos++];
            }
            if (copied > 0) {
                return copied;
            }
            if (pos < lim && (buf[pos] & 0xff) == REQUEST) {
                pos++;
                serveOne();
            }
            if (pos == lim && System.nanoTime() - deadline >= 0) {
                return 0;
            }
        }
    }

    private void serveOne() throws IOException {
        int cmd = next(1)[0] & 0xff;
        synchronized (writing) {
            link.write(new byte[] {(byte) REQUEST}); // the acknowledgement the hook waits for
            byte[] answer = server.serve(cmd, this::next);
            if (answer.length > 0) {
                link.write(answer);
            }
        }
    }

    /** Exactly n bytes of a request's arguments. */
    private byte[] next(int n) throws IOException {
        if (n < 0 || n > MAX_ARGUMENT) {
            throw new IOException("the board sent a mount request of " + n + " bytes (the line is out of step)");
        }
        byte[] got = new byte[n];
        int have = 0;
        long deadline = System.nanoTime() + ARGUMENT_TIMEOUT.toNanos();
        while (have < n) {
            if (pos < lim) {
                int take = Math.min(n - have, lim - pos);
                System.arraycopy(buf, pos, got, have, take);
                pos += take;
                have += take;
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException(link.name() + ": the board stopped in the middle of a mount request (got "
                        + have + " of " + n + " bytes)");
            }
            int r = link.read(buf, 0, buf.length, Duration.ofNanos(left));
            pos = 0;
            lim = Math.max(r, 0);
        }
        return got;
    }

    @Override
    public void write(byte[] data) throws IOException {
        synchronized (writing) {
            link.write(data);
        }
    }

    @Override
    public void flushInput() throws IOException {
        pos = lim = 0;
        link.flushInput();
    }

    @Override
    public void setModemLines(boolean dtr, boolean rts) throws IOException {
        link.setModemLines(dtr, rts);
    }

    @Override
    public void setBaud(int baud) throws IOException {
        link.setBaud(baud);
    }

    @Override
    public int baud() {
        return link.baud();
    }

    @Override
    public boolean controlsBaud() {
        return link.controlsBaud();
    }

    @Override
    public String name() {
        return link.name();
    }

    @Override
    public void close() throws IOException {
        server.closeAll();
        link.close();
    }
}
