package dev.ussllab.device.fuzz;

import dev.ussllab.device.board.BoardEmulator;
import java.util.Random;

/**
 * A board emulator running on its own thread behind two in-memory lines, for the fuzzers that
 * throw bytes at a whole board: feed it, then check it is still there. A board that throws, or
 * whose thread ends before its line is closed, fails the check with what it died of.
 */
public final class FuzzedBoard {

    /** What the fuzzer types (the board's serial input). */
    public final Pipe in = new Pipe();
    /** What the board sends back. */
    public final Pipe out = new Pipe();
    private final Thread thread;
    private volatile Throwable died;

    private FuzzedBoard(BoardEmulator board, String name) {
        thread = new Thread(() -> {
            try {
                board.run(in.in(), out.out());
            } catch (Throwable e) {
                died = e;
            }
        }, name);
        thread.setDaemon(true);
    }

    public static FuzzedBoard start(BoardEmulator board, String threadName) {
        FuzzedBoard b = new FuzzedBoard(board, threadName);
        b.thread.start();
        return b;
    }

    /** The input over the wire in chunks of 1 to {@code maxChunk} bytes, the same chunks for the same input. */
    public void feed(byte[] input, int maxChunk) {
        Random chunks = new Random(java.util.Arrays.hashCode(input));
        for (int at = 0; at < input.length; ) {
            int n = Math.min(input.length - at, 1 + chunks.nextInt(maxChunk));
            in.put(input, at, n);
            at += n;
        }
    }

    /** Fails if the board died or its thread ended. */
    public void alive() {
        Throwable d = died;
        if (d != null) {
            throw new AssertionError("the board stopped with " + d, d);
        }
        if (!thread.isAlive()) {
            throw new AssertionError("the board's thread ended before its line closed");
        }
    }

    /** Closes the board's line and waits for it to end. */
    public void hangUp() throws InterruptedException {
        in.close();
        thread.join(5000);
    }

    /** After {@link #hangUp}: fails if the board died on the way. */
    public void assertNotDied() {
        Throwable d = died;
        if (d != null) {
            throw new AssertionError("the board stopped with " + d, d);
        }
    }
}
