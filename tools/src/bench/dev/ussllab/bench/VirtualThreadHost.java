package dev.ussllab.bench;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.internal.HostTlsServer;
import dev.ussllab.host.internal.MessageReader;
import dev.ussllab.host.internal.ServerCredentials;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;

/**
 * EXPERIMENT HARNESS, not a product feature (issue 13: "non-blocking I/O ... or virtual threads
 * after a move to Java 21+ - decide by measurement"). The exchange of {@code ussl-lab host --policy
 * krsa} (read one message, answer it upper-cased, close; a hard deadline from accept) served the
 * other way: one virtual thread per connection, Bouncy Castle's blocking TlsServerProtocol over the
 * socket's streams. Key loading, the RSA private operation (ACCP through RsaProvider, in
 * ServerCredentials' decryptor), the crypto back-end and the message rules are the host's own
 * classes. Left out, as the comparison is about connection handling: the host's ClientHello
 * recording and JA3, key log, capture, client certificates and --max-connections. One short log
 * line per connection to stdout, as the host prints one.
 *
 * <p>Needs Java 21+ (Thread.ofVirtual); the project builds for 17, so Maven never sees this file:
 * {@code .ci/bench-vthreads} compiles it with Temurin 25 against tools/target's jars.
 *
 * <pre>java -cp ... dev.ussllab.bench.VirtualThreadHost --port N --key key.pem --cert cert.pem [--timeout S]</pre>
 */
public final class VirtualThreadHost {

    /** As the host's UpperCaseServer: a fleet reconnecting after a power cut arrives at once. */
    private static final int BACKLOG = 4096;
    /** How often the reaper closes connections past their deadline. */
    private static final long REAP_MILLIS = 50;
    /** As the host's default --max-message: the seed's recv(1024). */
    private static final int MAX_MESSAGE = 1024;

    private final ServerCredentials credentials;
    private final int[] suites;
    private final long timeoutNanos;
    private final PrintStream log;
    /** Sockets in accept order; with one timeout for all that is deadline order (as HostLoop's deque). */
    private final ConcurrentLinkedQueue<Deadline> deadlines = new ConcurrentLinkedQueue<>();

    private record Deadline(Socket socket, long atNanos) {}

    private VirtualThreadHost(ServerCredentials credentials, int[] suites, long timeoutNanos, PrintStream log) {
        this.credentials = credentials;
        this.suites = suites;
        this.timeoutNanos = timeoutNanos;
        this.log = log;
    }

    public static void main(String[] args) {
        int port = 12345;
        int timeout = 10;
        Path key = Path.of("key.pem");
        Path cert = Path.of("cert.pem");
        try {
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(need(args[i], v));
                    case "--timeout" -> timeout = Integer.parseInt(need(args[i], v));
                    case "--key" -> key = Path.of(need(args[i], v));
                    case "--cert" -> cert = Path.of(need(args[i], v));
                    default -> throw LabException.badInput("unknown option " + args[i], "use --port, --key, --cert, --timeout");
                }
                i++;
            }
        } catch (NumberFormatException e) {
            fail(LabException.badInput("not a number: " + e.getMessage(), "give --port and --timeout as integers"));
        } catch (LabException e) {
            fail(e);
        }
        try {
            RsaProvider rsa = RsaProvider.get();
            // As HostCommand: ciphers, MACs, digests and nonces from the native provider too.
            LabCrypto.preferProvider(rsa.provider(), rsa.name());
            ServerCredentials credentials = new ServerCredentials(LabCrypto.sharedJca(), KeyMaterial.load(key, cert));
            int[] suites = TlsUtils.getSupportedCipherSuites(LabCrypto.shared(), CipherPolicy.KRSA.cipherSuites());
            VirtualThreadHost host = new VirtualThreadHost(credentials, suites, TimeUnit.SECONDS.toNanos(timeout), System.out);
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
            System.out.println("listening on 127.0.0.1:" + server.getLocalPort() + " policy krsa, " + suites.length
                    + " suites; one virtual thread per connection; RSA by " + rsa.name() + "; " + Runtime.version());
            System.out.flush();
            host.serve(server);
        } catch (LabException e) {
            fail(e);
        } catch (IOException e) {
            fail(LabException.failure("cannot listen on 127.0.0.1 port " + port + ": " + e.getMessage(),
                    "choose another --port; ss -ltnp shows who has it"));
        }
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw LabException.badInput(option + " needs a value", "e.g. " + option + " 10");
        }
        return value;
    }

    private static void fail(LabException e) {
        System.err.println("vthread-host: " + e.oneLine());
        System.exit(e.exitCode());
    }

    private void serve(ServerSocket server) throws IOException {
        Thread.ofPlatform().daemon().name("reaper").start(this::reap);
        while (true) {
            Socket s = server.accept();
            deadlines.add(new Deadline(s, System.nanoTime() + timeoutNanos));
            Thread.ofVirtual().start(() -> exchange(s));
        }
    }

    /** The hard deadline from accept to the end, as the host's: closing the socket ends a blocked read. */
    private void reap() {
        while (true) {
            long now = System.nanoTime();
            for (Deadline d = deadlines.peek(); d != null && now - d.atNanos() >= 0; d = deadlines.peek()) {
                deadlines.poll();
                closeQuietly(d.socket());
            }
            try {
                Thread.sleep(REAP_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void exchange(Socket s) {
        String outcome = "ok";
        String suite = "-";
        FlightStreams io = null;
        try (s) {
            s.setTcpNoDelay(true); // as the host: Nagle + delayed ACK cost ~90 ms a handshake
            io = new FlightStreams(s.getInputStream(), s.getOutputStream());
            TlsServerProtocol tls = new TlsServerProtocol(io.in, io.out);
            Server server = new Server();
            tls.accept(server); // the whole handshake, blocking this virtual thread only
            suite = CipherPolicy.suiteName(server.suite());
            MessageReader message = new MessageReader(MAX_MESSAGE);
            InputStream plain = tls.getInputStream();
            byte[] chunk = new byte[MAX_MESSAGE];
            int n;
            boolean complete = false;
            while (!complete && (n = plain.read(chunk)) >= 0) {
                complete = message.offer(chunk, 0, n);
            }
            byte[] answer = MessageReader.upper(MessageReader.strip(message.message()));
            if (answer.length > 0) {
                tls.getOutputStream().write(answer);
            }
            tls.close(); // close_notify
            io.send();
        } catch (IOException | RuntimeException e) {
            outcome = "failed: " + e.getMessage();
        }
        log.println(s.getRemoteSocketAddress() + " TLSv1.2 " + suite + " in " + (io == null ? 0 : io.bytesIn)
                + " out " + (io == null ? 0 : io.bytesOut) + " " + outcome);
    }

    /** The host's krsa side of a handshake: the host's own BC hooks (HostTlsServer), as LabTlsServer has them. */
    private final class Server extends HostTlsServer {
        Server() {
            super(VirtualThreadHost.this.credentials, CipherPolicy.KRSA, VirtualThreadHost.this.suites);
        }

        int suite() {
            return context.getSecurityParametersConnection().getCipherSuite();
        }
    }

    /**
     * The socket's streams, with what TLS writes sent in one write when TLS next waits for input
     * (or at the end): BC's blocking mode flushes every record, so a flight (ServerHello,
     * Certificate, ServerHelloDone) would take a write and a segment each, where the host's loop
     * sends it in one (as OpenSSL does). Reads are buffered for the same reason: BC asks for a
     * record's 5-byte header and then its body, a system call each. Counts bytes each way.
     */
    private static final class FlightStreams {
        private static final int IN_BUFFER = 2048;
        private final InputStream socketIn;
        private final OutputStream socketOut;
        /** What TLS wrote since it last read; null between flights (an idle connection keeps none). */
        private ByteArrayOutputStream pending;
        /**
         * Enough for a handshake flight of the board's (its ClientHello; ClientKeyExchange,
         * ChangeCipherSpec and Finished: ~330 bytes) in one read; small, since an idle connection
         * blocked in a read keeps it (10,000 of them: 20 MB). Larger records take more reads.
         */
        private final byte[] inBuf = new byte[IN_BUFFER];
        private int inPos;
        private int inEnd;
        long bytesIn;
        long bytesOut;

        final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (inPos == inEnd) {
                    send();
                    int n = socketIn.read(inBuf, 0, inBuf.length);
                    if (n <= 0) {
                        return n;
                    }
                    bytesIn += n;
                    inPos = 0;
                    inEnd = n;
                }
                int n = Math.min(len, inEnd - inPos);
                System.arraycopy(inBuf, inPos, b, off, n);
                inPos += n;
                return n;
            }

            @Override
            public int available() {
                return inEnd - inPos;
            }

            /** BC closes its input first at the end: what it wrote (the reply, close_notify) goes before the socket closes. */
            @Override
            public void close() throws IOException {
                send();
                socketIn.close();
            }
        };

        final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (pending == null) {
                    pending = new ByteArrayOutputStream(Math.max(len, 1024));
                }
                pending.write(b, off, len);
            }

            @Override
            public void flush() {
                // held until TLS reads or the exchange ends: see the class comment
            }

            @Override
            public void close() throws IOException {
                send();
                socketOut.close();
            }
        };

        FlightStreams(InputStream socketIn, OutputStream socketOut) {
            this.socketIn = socketIn;
            this.socketOut = socketOut;
        }

        void send() throws IOException {
            if (pending != null) {
                ByteArrayOutputStream flight = pending;
                pending = null;
                bytesOut += flight.size();
                flight.writeTo(socketOut);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort: the connection is over either way
        }
    }
}
