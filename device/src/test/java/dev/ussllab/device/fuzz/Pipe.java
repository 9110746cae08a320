package dev.ussllab.device.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One direction of an in-memory serial line: writes never block, reads wait (never spin) with or
 * without a timeout. Unlike PipedInputStream it does not care which threads come and go.
 */
public final class Pipe {

    private static final byte[] EOF = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private byte[] current;
    private int pos;
    private volatile boolean closed;

    public void put(byte[] data, int off, int len) {
        if (len > 0 && !closed) {
            queue.add(java.util.Arrays.copyOfRange(data, off, off + len));
        }
    }

    public void close() {
        closed = true;
        queue.add(EOF);
    }

    /** Discards what was written and not read yet. */
    public synchronized void clear() {
        current = null;
        byte[] b;
        while ((b = queue.peek()) != null && b != EOF) {
            queue.poll();
        }
    }

    /** Up to len bytes; 0 when nothing came within the timeout; -1 once closed and empty. */
    public synchronized int read(byte[] buf, int off, int len, long timeoutNanos) throws InterruptedException {
        if (current == null || pos == current.length) {
            byte[] next = timeoutNanos < 0 ? queue.take() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            if (next == null) {
                return 0;
            }
            if (next == EOF) {
                queue.add(EOF);
                return -1;
            }
            current = next;
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, buf, off, n);
        pos += n;
        return n;
    }

    public InputStream in() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                try {
                    return Pipe.this.read(b, off, len, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("pipe read interrupted");
                }
            }
        };
    }

    public OutputStream out() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                put(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                put(b, off, len);
            }
        };
    }
}
