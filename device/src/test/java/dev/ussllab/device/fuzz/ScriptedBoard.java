package dev.ussllab.device.fuzz;

import dev.ussllab.device.serial.NoModemLinesException;
import dev.ussllab.device.serial.SerialLink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * A board that answers from a script: turn 0 is waiting before the host writes, and each write of
 * the host releases the next turn, whatever it wrote. Reads hand the bytes over in random pieces
 * (seeded, so a kept input replays the same way). Once the script is spent the line either breaks
 * (the bridge went away) or stays silent, as {@code closeAtEnd} says; silence waits the whole
 * timeout, as a silent board does.
 */
public final class ScriptedBoard implements SerialLink {

    private final List<byte[]> turns;
    private final boolean closeAtEnd;
    private final Random chunks;
    private final ArrayDeque<Byte> queue = new ArrayDeque<>();
    private int released;
    private long written;

    public ScriptedBoard(List<byte[]> turns, boolean closeAtEnd, long chunkSeed) {
        this.turns = turns;
        this.closeAtEnd = closeAtEnd;
        this.chunks = new Random(chunkSeed);
        release();
    }

    /** A kept input: its first turn holds the options (closeAtEnd), the rest is the script. */
    public static ScriptedBoard of(byte[] packed) {
        List<byte[]> t = Fuzz.unpack(packed);
        boolean close = !t.isEmpty() && t.get(0).length > 0 && t.get(0)[0] != 0;
        return new ScriptedBoard(t.isEmpty() ? List.of() : t.subList(1, t.size()), close, java.util.Arrays.hashCode(packed));
    }

    /** The file form of a script with its options, for {@link #of}. */
    public static byte[] pack(List<byte[]> turns, boolean closeAtEnd) {
        List<byte[]> all = new java.util.ArrayList<>();
        all.add(new byte[] {(byte) (closeAtEnd ? 1 : 0)});
        all.addAll(turns);
        return Fuzz.pack(all);
    }

    private void release() {
        if (released < turns.size()) {
            for (byte b : turns.get(released)) {
                queue.add(b);
            }
        }
        released++;
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        if (queue.isEmpty()) {
            if (released >= turns.size() && closeAtEnd) {
                throw new IOException("fuzz: the line closed");
            }
            long ms = Math.max(0, timeout.toMillis());
            if (ms > 0) {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("fuzz: interrupted");
                }
            }
            return 0;
        }
        int n = Math.min(len, Math.min(queue.size(), 1 + chunks.nextInt(chunks.nextBoolean() ? 8 : 4096)));
        for (int i = 0; i < n; i++) {
            buf[off + i] = queue.poll();
        }
        return n;
    }

    @Override
    public void write(byte[] data) {
        written += data.length;
        release();
    }

    @Override
    public void flushInput() {
        queue.clear();
    }

    @Override
    public void setModemLines(boolean dtr, boolean rts) throws IOException {
        throw new NoModemLinesException("fuzz", "a scripted line has no modem lines");
    }

    @Override
    public void setBaud(int baud) {
        // a script has no rate
    }

    @Override
    public int baud() {
        return 115200;
    }

    @Override
    public boolean controlsBaud() {
        return false;
    }

    @Override
    public String name() {
        return "fuzz";
    }

    @Override
    public void close() {
        queue.clear();
    }

    public long written() {
        return written;
    }
}
