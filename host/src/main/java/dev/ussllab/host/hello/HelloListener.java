package dev.ussllab.host.hello;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.hello.ClientHelloReader;
import dev.ussllab.profile.hello.MalformedHelloException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Listens for TLS clients, reads each one's ClientHello and reports it, then either refuses the
 * handshake with a handshake_failure alert (as a server with no common suite would) or relays the
 * connection, hello included, to a real server. Connections are served by a bounded pool, and
 * every read has a timeout, so one silent client never holds up the others.
 */
public final class HelloListener implements Closeable {

    /** Alert record: fatal (2), handshake_failure (40), record version TLS 1.2 (RFC 8446 section 6). */
    private static final byte[] HANDSHAKE_FAILURE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    /** How long a client may take to send its hello, by default (a board on Wi-Fi needs well under 1 s). */
    public static final int HELLO_TIMEOUT_MS = 10_000;
    /** After the alert: time for the client to read it and close before we do (avoids a reset). */
    private static final int LINGER_MS = 1_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A relayed connection silent this long in one direction is closed. */
    private static final int RELAY_IDLE_MS = 60_000;
    private static final int POOL_THREADS = 16;
    private static final int QUEUE = 64;

    private final ServerSocket server;
    private final InetSocketAddress forward;
    private final ExecutorService handlers = pool("hello-conn");
    private final ExecutorService relays = pool("hello-relay");
    private final AtomicInteger hellos = new AtomicInteger();
    private final int helloTimeoutMs;

    private HelloListener(ServerSocket server, InetSocketAddress forward, int helloTimeoutMs) {
        this.server = server;
        this.forward = forward;
        this.helloTimeoutMs = helloTimeoutMs;
    }

    /** Binds now, so a port in use or a foreign address fails before anything else happens. */
    public static HelloListener open(InetSocketAddress bind, InetSocketAddress forward) {
        return open(bind, forward, HELLO_TIMEOUT_MS);
    }

    /** As {@link #open(InetSocketAddress, InetSocketAddress)}, with the time a client has to send its hello. */
    public static HelloListener open(InetSocketAddress bind, InetSocketAddress forward, int helloTimeoutMs) {
        ServerSocket s = null;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(bind, QUEUE);
            return new HelloListener(s, forward, helloTimeoutMs);
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
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Accepts until {@code count} ClientHellos have been reported (0: until {@link #close()}),
     * then waits for the connections in progress. Events arrive on pool threads.
     */
    public void serve(int count, Consumer<HelloEvent> sink) {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                try {
                    handlers.execute(() -> handle(s, count, sink));
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                    closeQuietly(s); // every handler busy and the queue full: shed, don't stall
                }
            }
        } catch (SocketException closed) {
            // close() or the count was reached
        } catch (IOException e) {
            throw new LabException(LabException.Kind.FAILURE, "listener on " + address() + " failed: "
                    + e.getMessage(), null, e);
        } finally {
            shutdown();
        }
    }

    private void handle(Socket s, int count, Consumer<HelloEvent> sink) {
        InetSocketAddress peer = (InetSocketAddress) s.getRemoteSocketAddress();
        ClientHelloReader.Result got;
        boolean spoke = false; // a TLS client speaks first: silence means a plain-TCP client or a wrong port
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(helloTimeoutMs);
            PushbackInputStream in = new PushbackInputStream(s.getInputStream(), 1);
            int first = in.read();
            if (first < 0) {
                throw new EOFException();
            }
            spoke = true;
            in.unread(first);
            got = ClientHelloReader.read(in);
        } catch (MalformedHelloException e) {
            report(sink, new HelloEvent(peer, null, null, e.getMessage()));
            closeQuietly(s);
            return;
        } catch (EOFException e) {
            report(sink, new HelloEvent(peer, null, null, "closed the connection without sending anything"));
            closeQuietly(s);
            return;
        } catch (SocketTimeoutException e) {
            report(sink, new HelloEvent(peer, null, null, spoke
                    ? "sent no complete ClientHello within " + helloTimeoutMs + " ms"
                    : "sent nothing within " + helloTimeoutMs + " ms (a TLS client speaks first: is it wrapping "
                            + "its socket in TLS, and connected to the right port?)"));
            closeQuietly(s);
            return;
        } catch (IOException e) {
            report(sink, new HelloEvent(peer, null, null, "connection failed: " + e.getMessage()));
            closeQuietly(s);
            return;
        }
        int n = hellos.incrementAndGet();
        if (count > 0 && n > count) {
            closeQuietly(s); // arrived while the listener was stopping
            return;
        }
        if (forward == null) {
            refuse(s);
            report(sink, new HelloEvent(peer, got.hello(), got.consumed(), null));
        } else {
            Socket up = null;
            String failed = null;
            try {
                up = connectUpstream(got.consumed());
            } catch (IOException e) {
                failed = "could not forward to " + forward.getHostString() + ":" + forward.getPort() + ": "
                        + e.getMessage() + " (the client got a handshake_failure alert; is the server running?)";
            }
            report(sink, new HelloEvent(peer, got.hello(), got.consumed(), failed));
            if (up == null) {
                refuse(s);
            } else {
                try {
                    s.setSoTimeout(RELAY_IDLE_MS);
                } catch (SocketException e) {
                    // the relay's first read fails the same way and closes both
                }
                Relay.run(s, up, relays); // this handler thread carries client-to-server
            }
        }
        if (count > 0 && n == count) {
            closeQuietly(server);
        }
    }

    private static void refuse(Socket s) {
        try (s) {
            s.getOutputStream().write(HANDSHAKE_FAILURE);
            s.shutdownOutput();
            s.setSoTimeout(LINGER_MS);
            InputStream in = s.getInputStream();
            byte[] sink = new byte[512];
            while (in.read(sink) >= 0) {
                // let the client read the alert and close first
            }
        } catch (IOException e) {
            // the client went away first: fine, it had the alert or did not want it
        }
    }

    /** Connects to the forward target and replays the hello. */
    private Socket connectUpstream(byte[] hello) throws IOException {
        Socket up = new Socket();
        try {
            up.setTcpNoDelay(true);
            up.connect(forward, CONNECT_TIMEOUT_MS);
            up.setSoTimeout(RELAY_IDLE_MS);
            up.getOutputStream().write(hello);
            return up;
        } catch (IOException e) {
            closeQuietly(up);
            throw e;
        }
    }

    private void report(Consumer<HelloEvent> sink, HelloEvent e) {
        synchronized (hellos) { // one event at a time, so printed blocks never interleave
            sink.accept(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
    }

    private void shutdown() {
        handlers.shutdown();
        try {
            // relayed connections end when either side closes or stays silent for RELAY_IDLE_MS
            handlers.awaitTermination(helloTimeoutMs + CONNECT_TIMEOUT_MS + RELAY_IDLE_MS, TimeUnit.MILLISECONDS);
            relays.shutdown();
            relays.awaitTermination(LINGER_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        relays.shutdownNow();
    }

    private static ExecutorService pool(String name) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
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
