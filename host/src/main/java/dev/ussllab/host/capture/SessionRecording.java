package dev.ussllab.host.capture;

import dev.ussllab.host.pcap.TcpConnection;
import java.util.ArrayList;
import java.util.List;

/** The bytes of one connection each way with their times, as they crossed the socket. Thread-safe. */
final class SessionRecording {

    /**
     * Reads that follow each other in the same direction this closely are one arrival split by the
     * reader (BC reads a record's 5-byte header, then its body): they become one chunk, as on the wire.
     */
    static final long COALESCE_NANOS = 1_000_000;
    /**
     * A chunk grows by coalescing only up to one largest TLS record (RFC 8446 5.2: 2^14 + 256
     * ciphertext, RFC 5246 6.2.3 allows 2^14 + 2048, plus the 5-byte header): a bulk transfer whose
     * reads follow each other closely stays a series of chunks with their own times, and joining
     * costs one record's copy per read instead of the whole transfer's (quadratic).
     */
    static final int MAX_COALESCED = (1 << 14) + 2048 + 5;

    final long startNanos = CaptureFile.nowNanos();
    /** Monotonic time of the last bytes either way, for the tap's idle timeout. */
    private volatile long lastActivity = System.nanoTime();
    private final List<TcpConnection.Chunk> chunks = new ArrayList<>();
    private final byte[] clientStart = new byte[ClientRandom.OFFSET + ClientRandom.LENGTH];
    private int clientStartLength;

    synchronized void add(boolean fromClient, byte[] bytes, int offset, int length) {
        add(fromClient, bytes, offset, length, CaptureFile.nowNanos());
    }

    /** As {@link #add(boolean, byte[], int, int)}, with the arrival time given (epoch nanoseconds). */
    synchronized void add(boolean fromClient, byte[] bytes, int offset, int length, long now) {
        if (length <= 0) {
            return;
        }
        lastActivity = System.nanoTime();
        if (fromClient && clientStartLength < clientStart.length) {
            int n = Math.min(length, clientStart.length - clientStartLength);
            System.arraycopy(bytes, offset, clientStart, clientStartLength, n);
            clientStartLength += n;
        }
        TcpConnection.Chunk prev = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        if (prev != null && prev.fromClient() == fromClient && now - prev.timeNanos() < COALESCE_NANOS
                && prev.bytes().length + length <= MAX_COALESCED) {
            byte[] joined = java.util.Arrays.copyOf(prev.bytes(), prev.bytes().length + length);
            System.arraycopy(bytes, offset, joined, prev.bytes().length, length);
            chunks.set(chunks.size() - 1, new TcpConnection.Chunk(now, fromClient, joined));
        } else {
            chunks.add(new TcpConnection.Chunk(now, fromClient, java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
        }
    }

    long lastActivityNanos() {
        return lastActivity;
    }

    synchronized List<TcpConnection.Chunk> chunks() {
        return List.copyOf(chunks);
    }

    /** Hex client random of the session's ClientHello, or null (not TLS, or split before the random). */
    synchronized String clientRandom() {
        return ClientRandom.hex(clientStart, clientStartLength);
    }
}
