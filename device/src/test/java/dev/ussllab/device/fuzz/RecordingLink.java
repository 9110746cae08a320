package dev.ussllab.device.fuzz;

import dev.ussllab.device.serial.SerialLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The host end of an in-memory serial line to an emulated board, recording the conversation as
 * the host saw it: what it wrote, and in turns what it read (turn 0 before its first write, turn
 * k after its k-th write). These are the fuzzers' seeds: real traffic of our drivers with the board.
 */
public final class RecordingLink implements SerialLink {

    /** Host to board: the board's UART input. */
    public final Pipe toBoard = new Pipe();
    /** Board to host: the board's UART output. */
    public final Pipe fromBoard = new Pipe();
    private final List<byte[]> writes = new ArrayList<>();
    private final List<ByteArrayOutputStream> reads = new ArrayList<>(List.of(new ByteArrayOutputStream()));
    private final String name;

    public RecordingLink(String name) {
        this.name = name;
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        try {
            int n = fromBoard.read(buf, off, len, timeout.toNanos());
            if (n < 0) {
                throw new IOException(name + ": the board end closed");
            }
            reads.get(reads.size() - 1).write(buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(name + ": interrupted");
        }
    }

    @Override
    public void write(byte[] data) {
        writes.add(data.clone());
        reads.add(new ByteArrayOutputStream());
        toBoard.put(data, 0, data.length);
    }

    @Override
    public void flushInput() {
        fromBoard.clear();
    }

    @Override
    public void setModemLines(boolean dtr, boolean rts) throws IOException {
        throw new dev.ussllab.device.serial.NoModemLinesException(name, "an in-memory line has no modem lines");
    }

    @Override
    public void setBaud(int baud) {
        // an in-memory line has no rate
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
        return name;
    }

    @Override
    public void close() {
        toBoard.close();
    }

    /** What the board sent, turn by turn (turn 0 before the host's first write). */
    public List<byte[]> boardTurns() {
        return reads.stream().map(ByteArrayOutputStream::toByteArray).toList();
    }

    /** Everything the host wrote, in order. */
    public byte[] hostBytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writes.forEach(all::writeBytes);
        return all.toByteArray();
    }

    public List<byte[]> hostWrites() {
        return List.copyOf(writes);
    }
}
