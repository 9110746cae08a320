package dev.ussllab.device.board;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The board's receive side: bytes the host sent, as delivered by the UART. A reset empties it
 * and makes a blocked or later read throw {@link BoardResetException} once, so whatever the board
 * was running stops where it was, as the CPU would.
 */
final class BoardInput extends InputStream {

    private static final int CAPACITY = 16 * 1024;

    private final byte[] ring = new byte[CAPACITY];
    private int head;
    private int size;
    private boolean eof;
    private BootMode pendingReset;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    void deliver(byte[] data, int len) throws InterruptedException {
        lock.lock();
        try {
            for (int i = 0; i < len; i++) {
                while (size == ring.length && !eof) {
                    changed.await();
                }
                if (eof) {
                    return;
                }
                ring[(head + size++) % ring.length] = data[i];
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void endOfInput() {
        lock.lock();
        try {
            eof = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void reset(BootMode next) {
        lock.lock();
        try {
            pendingReset = next;
            head = 0;
            size = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reset waiting to be acted on, cleared by taking it; null if none. */
    BootMode takeReset() {
        lock.lock();
        try {
            BootMode r = pendingReset;
            pendingReset = null;
            return r;
        } finally {
            lock.unlock();
        }
    }

    boolean ended() {
        lock.lock();
        try {
            return eof && size == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (size == 0 && pendingReset == null && !eof) {
                changed.await();
            }
            if (pendingReset != null) {
                throw new BoardResetException(pendingReset);
            }
            if (size == 0) {
                return -1;
            }
            int n = Math.min(len, size);
            for (int i = 0; i < n; i++) {
                b[off + i] = ring[(head + i) % ring.length];
            }
            head = (head + n) % ring.length;
            size -= n;
            changed.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("board stopped", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }
}
