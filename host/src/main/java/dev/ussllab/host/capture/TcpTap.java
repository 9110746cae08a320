package dev.ussllab.host.capture;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A transparent TCP relay that records both directions of every connection into a
 * {@link CaptureFile}, with the client's real address and the forwarded server's. No root needed:
 * it is an ordinary socket program between the client and the server. If a key log file is given
 * (a server's or client's SSLKEYLOGFILE), each session's lines from it go into its secrets block.
 */
public final class TcpTap implements AutoCloseable {

    /** Connect timeout to the forwarded server: a LAN peer answers in milliseconds. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Relay buffer: one TLS record (16 KiB + overhead) at most per read. */
    static final int BUFFER = 17 * 1024;
    /** Two threads per connection; beyond this many connections new ones are refused at once. */
    static final int MAX_CONNECTIONS = 32;
    /**
     * On close, how long sessions in flight get to end on their own; then their sockets are closed
     * and what each recorded is written (Ctrl-C loses no session that was open at the signal).
     */
    static final int SHUTDOWN_GRACE_MS = 1_500;
    /** After the sockets are closed, how long the relays get to write their sessions. */
    static final int SHUTDOWN_WRITE_MS = 1_500;

    private final ServerSocket listener;
    private final InetSocketAddress forward;
    private final CaptureFile file;
    private final Path keyLog;
    private final KeyLogTail keyLogTail;
    private final int idleTimeoutMs;
    private final Consumer<String> log;
    private final Runnable onSession;
    private final ThreadPoolExecutor pool;
    private final Thread acceptor;
    /** The two sockets of every session being relayed, so close() can end them. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private TcpTap(ServerSocket listener, InetSocketAddress forward, CaptureFile file, Path keyLog, KeyLogTail keyLogTail,
            int idleTimeoutMs, Consumer<String> log, Runnable onSession) {
        this.onSession = onSession;
        this.listener = listener;
        this.forward = forward;
        this.file = file;
        this.keyLog = keyLog;
        this.keyLogTail = keyLogTail;
        this.idleTimeoutMs = idleTimeoutMs;
        this.log = log;
        this.pool = new ThreadPoolExecutor(2 * MAX_CONNECTIONS, 2 * MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1));
        pool.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "tap-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on listen and relays each connection to forward; log receives one line per session
     * (and per refused connection), onSession runs after each session is written.
     */
    public static TcpTap start(InetSocketAddress listen, InetSocketAddress forward, CaptureFile file, Path keyLog,
            int idleTimeoutMs, Consumer<String> log, Runnable onSession) {
        if (forward.isUnresolved()) {
            throw LabException.badInput("--forward " + forward.getHostString() + " does not resolve", "give a host name or address that resolves");
        }
        KeyLogTail tail = null;
        if (keyLog != null) {
            try {
                tail = new KeyLogTail(keyLog);
            } catch (IOException e) {
                throw LabException.badInput("key log " + keyLog + " cannot be read: " + e.getMessage(),
                        "give the file the peer writes its secrets to (its SSLKEYLOGFILE or -keylogfile)");
            }
        }
        ServerSocket s;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(listen);
        } catch (BindException e) {
            throw LabException.badInput("cannot listen on " + ConnectionRecord.hostPort(listen) + ": " + e.getMessage(),
                    "choose another --listen port, or an address of this machine");
        } catch (IOException e) {
            throw LabException.failure("cannot listen on " + ConnectionRecord.hostPort(listen) + ": " + e.getMessage(),
                    "check the --listen address");
        }
        TcpTap tap = new TcpTap(s, forward, file, keyLog, tail, idleTimeoutMs, log, onSession);
        tap.acceptor.start();
        return tap;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                pool.execute(() -> session(client));
            } catch (RejectedExecutionException busy) {
                log.accept(endpoint(client) + " refused: " + MAX_CONNECTIONS + " connections are already being relayed");
                closeQuietly(client);
            }
        }
    }

    private void session(Socket client) {
        InetSocketAddress clientAddress = (InetSocketAddress) client.getRemoteSocketAddress();
        Socket server = new Socket();
        try {
            server.connect(forward, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            log.accept(endpoint(client) + " -> " + ConnectionRecord.hostPort(forward) + ": cannot connect to the forward server: " + e.getMessage());
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        SessionRecording rec = new SessionRecording();
        String[] endReason = new String[2];
        open.add(client);
        open.add(server);
        if (stopping) {
            closeQuietly(client); // raced with close(): recorded (empty) and written like the rest
            closeQuietly(server);
        }
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            client.setSoTimeout(idleTimeoutMs);
            server.setSoTimeout(idleTimeoutMs);
            // One direction on a pool thread, the other on this one: both bounded by the pool.
            var other = pool.submit(() -> endReason[1] = pump(server, client, false, rec));
            endReason[0] = pump(client, server, true, rec);
            other.get(idleTimeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            endReason[1] = "relay failed: " + e.getMessage();
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            open.remove(server);
        }
        if (stopping && endReason[0] == null && endReason[1] == null) {
            endReason[0] = "cut when the capture was stopped";
        }
        List<String> lines = keyLogLines(rec.clientRandom());
        boolean written = file.writeSession(clientAddress, (InetSocketAddress) server.getRemoteSocketAddress(),
                rec.startNanos, CaptureFile.nowNanos(), rec.chunks(), lines);
        long up = rec.chunks().stream().filter(c -> c.fromClient()).mapToLong(c -> c.bytes().length).sum();
        long down = rec.chunks().stream().filter(c -> !c.fromClient()).mapToLong(c -> c.bytes().length).sum();
        log.accept(endpoint(client) + " -> " + ConnectionRecord.hostPort(forward) + "  " + up
                + " bytes up, " + down + " bytes down, " + (lines.isEmpty() ? "no secrets" : lines.size() + " secret(s)")
                + (written ? "" : "  NOT WRITTEN: " + file.failure().oneLine())
                + (endReason[0] != null ? "  (" + endReason[0] + ")" : endReason[1] != null ? "  (" + endReason[1] + ")" : ""));
        onSession.run();
    }

    /**
     * Copies until EOF, then half-closes the other side so the peer sees the FIN. A read timeout
     * ends the session only when neither direction moved for the idle timeout (a long download
     * with a silent client is not idle). Returns a problem in words, or null.
     */
    private String pump(Socket from, Socket to, boolean fromClient, SessionRecording rec) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - rec.lastActivityNanos() < TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs)) {
                        continue; // the other direction is busy
                    }
                    closeQuietly(from);
                    closeQuietly(to);
                    return "idle for " + idleTimeoutMs + " ms both ways";
                }
                if (n <= 0) {
                    break;
                }
                rec.add(fromClient, buf, 0, n);
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
            return null;
        } catch (SocketException e) {
            closeQuietly(to);
            return null; // the other direction closed both sockets, or a reset: the session is over
        } catch (IOException e) {
            closeQuietly(to);
            return e.getMessage();
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
            log.accept("key log " + keyLog + " unreadable: " + e.getMessage());
            return List.of();
        }
    }

    private static String endpoint(Socket s) {
        InetSocketAddress a = (InetSocketAddress) s.getRemoteSocketAddress();
        return a == null ? "?" : ConnectionRecord.hostPort(a);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing: nothing to recover
        }
    }

    /**
     * Stops accepting, gives the sessions in flight {@value #SHUTDOWN_GRACE_MS} ms to end, then
     * closes their sockets so each relay writes what it recorded, and closes the file.
     */
    @Override
    public void close() {
        closeQuietly(listener);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) {
                stopping = true;
                for (Socket s : open) {
                    closeQuietly(s);
                }
                if (!pool.awaitTermination(SHUTDOWN_WRITE_MS, TimeUnit.MILLISECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        file.close();
    }
}
