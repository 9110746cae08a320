package dev.ussllab.tools;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 15 section 1 on loopback: idle and slow sockets held open by the thousand against a
 * server, a third each silent, sending one byte of a ClientHello a second, and sending one TLS
 * warning alert a second before any ClientHello. For the capture and hello siege tests.
 */
public final class Siege implements AutoCloseable {

    /** What the issue asks for. */
    public static final int WANTED = 1000;
    /** File descriptors left free for everything else the JVM and the test open (jars, pipes, the new clients). */
    private static final long SPARE_FDS = 512;
    /** A handshake record header claiming 512 bytes, then the start of a ClientHello: what a slow client trickles. */
    private static final byte[] SLOW_BYTES = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
    /** A warning alert user_canceled (level 1, description 90) in a TLS 1.2 record. */
    private static final byte[] WARNING_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 90};

    private final List<Socket> held = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "siege-trickle");
        t.setDaemon(true);
        return t;
    });
    private int tick;
    private long heldAtNanos;

    /**
     * How many sockets to hold: {@link #WANTED}, or fewer when the open-files limit (ulimit -n; a
     * test cannot raise it) would not fit fdsPerSocket descriptors for each in this JVM (the
     * test's socket, the server's, a relay's forward socket and the forward server's...).
     */
    public static int count(int fdsPerSocket) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return WANTED;
        }
        long room = (unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - SPARE_FDS) / fdsPerSocket;
        int n = (int) Math.max(0, Math.min(WANTED, room));
        if (n < WANTED) {
            System.out.println("siege: holding " + n + " sockets, not " + WANTED + ": the open-files limit is "
                    + unix.getMaxFileDescriptorCount() + " (ulimit -n) and each costs " + fdsPerSocket);
        }
        return n;
    }

    /** Connects n sockets to port, the three kinds in turn, and starts the trickle (one write a second each). */
    public static Siege hold(int port, int n) throws IOException {
        Siege s = new Siege();
        for (int i = 0; i < n; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            s.held.add(socket);
        }
        s.heldAtNanos = System.nanoTime();
        s.write();
        s.trickle.scheduleAtFixedRate(s::write, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    private void write() {
        int t = tick++;
        for (int i = 0; i < held.size(); i++) {
            try {
                OutputStream out = held.get(i).getOutputStream();
                if (i % 3 == 1 && t < SLOW_BYTES.length) {
                    out.write(SLOW_BYTES[t]);
                } else if (i % 3 == 1) {
                    out.write(0);
                } else if (i % 3 == 2) {
                    out.write(WARNING_ALERT);
                }
            } catch (IOException closed) {
                // the server closed it: what it should do in the end
            }
        }
    }

    /** The held sockets. */
    public List<Socket> sockets() {
        return held;
    }

    /** When the last of them was connected (nanoTime). */
    public long heldAtNanos() {
        return heldAtNanos;
    }

    /** Whether a silent socket (the first) is still open now. */
    public boolean idleStillOpen() throws IOException {
        Socket s = held.get(0);
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() >= 0;
        } catch (SocketTimeoutException open) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    /**
     * Waits for every held socket to be closed by the server, each until heldAt + millis at most;
     * returns how many were still open then.
     */
    public int stillOpenAfter(long millis) throws IOException {
        int open = 0;
        for (Socket s : held) {
            long left = millis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldAtNanos);
            s.setSoTimeout((int) Math.max(1, left));
            if (!closedByPeer(s.getInputStream())) {
                open++;
            }
        }
        return open;
    }

    private static boolean closedByPeer(InputStream in) throws IOException {
        try {
            byte[] b = new byte[256];
            while (in.read(b) >= 0) {
                // an alert the server sent before closing: read on to the end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Threads of this JVM now. */
    public static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Heap in use after a collection, in MB. */
    public static long heapMb() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }

    @Override
    public void close() {
        trickle.shutdownNow();
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
