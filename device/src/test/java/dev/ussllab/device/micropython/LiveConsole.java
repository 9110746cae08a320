package dev.ussllab.device.micropython;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A console wired to a running board: type into it, wait for what the board prints. */
final class LiveConsole extends OutputStream {

    final PipedInputStream boardIn = new PipedInputStream(64 * 1024);
    private final PipedOutputStream keys;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    LiveConsole() throws IOException {
        keys = new PipedOutputStream(boardIn);
    }

    void type(String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.ISO_8859_1));
        keys.flush();
    }

    void hangUp() throws IOException {
        keys.close();
    }

    @Override
    public synchronized void write(int b) {
        seen.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        seen.write(b, off, len);
        notifyAll();
    }

    /** Waits until the board's output ends with (or, with anywhere=true, contains) the text; returns all output. */
    synchronized String await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(text)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("board never printed " + text.replace("\r", "\\r").replace("\n", "\\n")
                        + "; it printed:\n" + seen.toString(StandardCharsets.ISO_8859_1));
            }
            wait(left);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    synchronized void clear() {
        seen.reset();
    }
}
