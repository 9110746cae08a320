package dev.ussllab.host.decrypt;

import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.pcap.PacketDecoder;
import dev.ussllab.host.pcap.PacketReader;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.host.pcap.TcpReassembler;
import dev.ussllab.host.pcap.TcpSegment;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Decrypts captures as a stream: packets -> TCP reassembly -> each connection, as soon as it is
 * complete, analysed and decrypted on a worker thread -> reports handed on in the order the
 * connections completed, then forgotten. Memory is bounded by the open connections plus a small
 * window of sessions in flight, never by the file. Several files are read in order through one
 * reassembler, as if concatenated (tcpdump's -C/-G rotations split connections across files).
 */
public final class CaptureDecryptor {

    /** Sessions queued or being decrypted per worker: enough to keep every core busy, bounded for memory. */
    static final int WINDOW_PER_THREAD = 4;

    /**
     * Captured bytes of the sessions in flight, at most: an eighth of the heap, never over 16 MB. A
     * session in flight costs its ciphertext and its plaintext, so large sessions (a 5 MB download)
     * are decrypted a few at a time and the memory stays bounded by the largest session, while small
     * ones (the usual board exchange, a few KB) still fill every worker. One session always goes.
     */
    static final long BYTES_IN_FLIGHT = Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 8);

    /**
     * @param rsaKey the server's RSA key, or null
     * @param keyLog key-log lines from files (the capture's own secrets blocks are added as they come)
     * @param useCaptureSecrets whether the capture's Decryption Secrets Blocks count
     * @param threads worker threads; 1 decrypts on the reading thread
     * @param recordCrypto asked per session for who decrypts its records (AES, HMAC); null answers
     *     mean the JDK's. The command hands the native provider over once it has loaded, which it
     *     does beside the reading rather than before it.
     */
    public record Options(RsaPremaster rsaKey, KeyLog keyLog, boolean useCaptureSecrets, int threads,
            Supplier<RsaProvider> recordCrypto) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
        }

        /** Records decrypted by the JDK's providers. */
        public Options(RsaPremaster rsaKey, KeyLog keyLog, boolean useCaptureSecrets, int threads) {
            this(rsaKey, keyLog, useCaptureSecrets, threads, () -> null);
        }
    }

    /** What the run saw. */
    public record Summary(int files, long tcpConnections, int tlsSessions, int decrypted) {}

    /**
     * Receives results. render runs on the worker thread that decrypted the session (format it
     * there, so the reading thread only reads and writes); session and warning run on the
     * caller's thread, sessions in order.
     */
    public interface Listener<T> {
        default T render(SessionReport report) {
            return null;
        }

        void session(SessionReport report, T rendered);

        /** A capture that could be read only in part (cut off at the end), once per file. */
        void warning(String message);
    }

    private final Options options;

    public CaptureDecryptor(Options options) {
        this.options = options;
    }

    private record Done<T>(SessionReport report, T rendered) {}

    public <T> Summary run(List<Path> files, Listener<T> listener) {
        SessionDecryptor decryptor = new SessionDecryptor(options.keyLog(), options.rsaKey(), options.recordCrypto());
        ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "decrypt-worker");
            t.setDaemon(true);
            return t;
        }) : null;
        ArrayDeque<Future<Done<T>>> window = new ArrayDeque<>();
        ArrayDeque<Long> windowBytes = new ArrayDeque<>();
        long[] inFlight = {0};
        int limit = options.threads() * WINDOW_PER_THREAD;
        long[] connections = {0};
        int[] counts = {0, 0};
        try {
            TcpReassembler reassembler = new TcpReassembler(conn -> {
                connections[0]++;
                long bytes = 0;
                for (TcpConnection.Chunk c : conn.chunks()) {
                    bytes += c.bytes().length;
                }
                window.add(submit(pool, decryptor, conn, listener));
                windowBytes.add(bytes);
                inFlight[0] += bytes;
                while (window.size() > limit || window.size() > 1 && inFlight[0] > BYTES_IN_FLIGHT) {
                    deliver(window.poll(), listener, counts);
                    inFlight[0] -= windowBytes.poll();
                }
            });
            for (Path file : files) {
                try (PacketReader reader = PacketReader.open(open(file), file.toString())) {
                    for (var p = reader.next(); p != null; p = reader.next()) {
                        if (options.useCaptureSecrets()) {
                            // Secrets blocks precede the packets they decrypt (pcapng spec 4.7).
                            options.keyLog().addAll(reader.newKeyLogLines());
                        }
                        TcpSegment s = PacketDecoder.decode(p);
                        if (s != null) {
                            reassembler.add(s);
                        }
                    }
                    if (options.useCaptureSecrets()) {
                        options.keyLog().addAll(reader.newKeyLogLines());
                    }
                    if (reader.cutOff() != null) {
                        listener.warning(reader.cutOff());
                    }
                }
            }
            reassembler.finish();
            while (!window.isEmpty()) {
                deliver(window.poll(), listener, counts);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new Summary(files.size(), connections[0], counts[0], counts[1]);
    }

    private static <T> Future<Done<T>> submit(ExecutorService pool, SessionDecryptor d, TcpConnection conn,
            Listener<T> listener) {
        java.util.concurrent.Callable<Done<T>> work = () -> {
            SessionReport r = d.analyze(conn);
            return r == null ? null : new Done<>(r, listener.render(r));
        };
        if (pool == null) {
            try {
                return CompletableFuture.completedFuture(work.call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return pool.submit(work);
    }

    private static <T> void deliver(Future<Done<T>> f, Listener<T> listener, int[] counts) {
        Done<T> r;
        try {
            r = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(LabException.Kind.FAILURE, "decryption interrupted", "run it again", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (r != null) {
            counts[0]++;
            counts[1] += r.report().decrypted() ? 1 : 0;
            listener.session(r.report(), r.rendered());
        }
    }

    private static InputStream open(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw LabException.badInput(file + " is a directory", "give a .pcap or .pcapng file");
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw LabException.badInput("capture " + file + " does not exist", "check the path");
        } catch (IOException e) {
            throw LabException.badInput("cannot open capture " + file + ": " + e.getMessage(), "check the path and permissions");
        }
    }
}
