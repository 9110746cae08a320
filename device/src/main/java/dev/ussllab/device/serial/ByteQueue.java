package dev.ussllab.device.serial;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded byte ring between a reader thread and the consumer. The consumer waits on a
 * condition with a timeout (no spinning); the producer blocks when the ring is full, which
 * pushes back on the port exactly like a slow reader would.
 */
final class ByteQueue {

    private final byte[] ring;
    private int head;
    private int size;
    private IOException failure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    ByteQueue(int capacity) {
        ring = new byte[capacity];
    }

    void put(byte[] data) throws InterruptedException {
        lock.lock();
        try {
            int i = 0;
            while (i < data.length) {
                while (size == ring.length && failure == null) {
                    notFull.await();
                }
                if (failure != null) {
                    return;
                }
                while (i < data.length && size < ring.length) {
                    ring[(head + size) % ring.length] = data[i++];
                    size++;
                }
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks the source as finished; readers get this error once the ring is drained. */
    void fail(IOException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int take(byte[] buf, int off, int len, long timeoutNanos) throws IOException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (size == 0) {
                if (failure != null) {
                    throw failure;
                }
                if (left <= 0) {
                    return 0;
                }
                left = notEmpty.awaitNanos(left);
            }
            int n = Math.min(len, size);
            for (int i = 0; i < n; i++) {
                buf[off + i] = ring[(head + i) % ring.length];
            }
            head = (head + n) % ring.length;
            size -= n;
            notFull.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            head = 0;
            size = 0;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
