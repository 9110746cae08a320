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

    final long startNanos = CaptureFile.nowNanos();
    /** Monotonic time of the last bytes either way, for the tap's idle timeout. */
    private volatile long lastActivity = System.nanoTime();
    private final List<TcpConnection.Chunk> chunks = new ArrayList<>();
    private final byte[] clientStart = new byte[ClientRandom.OFFSET + ClientRandom.LENGTH];
    private int clientStartLength;

    synchronized void add(boolean fromClient, byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        lastActivity = System.nanoTime();
        if (fromClient && clientStartLength < clientStart.length) {
            int n = Math.min(length, clientStart.length - clientStartLength);
            System.arraycopy(bytes, offset, clientStart, clientStartLength, n);
            clientStartLength += n;
        }
        long now = CaptureFile.nowNanos();
        byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        int last = chunks.size() - 1;
        if (last >= 0 && chunks.get(last).fromClient() == fromClient && now - chunks.get(last).timeNanos() < COALESCE_NANOS) {
            TcpConnection.Chunk prev = chunks.get(last);
            byte[] joined = java.util.Arrays.copyOf(prev.bytes(), prev.bytes().length + copy.length);
            System.arraycopy(copy, 0, joined, prev.bytes().length, copy.length);
            chunks.set(last, new TcpConnection.Chunk(now, fromClient, joined));
        } else {
            chunks.add(new TcpConnection.Chunk(now, fromClient, copy));
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
