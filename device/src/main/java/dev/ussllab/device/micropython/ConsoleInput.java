package dev.ussllab.device.micropython;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The board's UART receive side. A reader thread moves bytes into a queue; while a program runs,
 * the interrupt character (Ctrl-C unless micropython.kbd_intr changed it) does not enter the queue
 * but raises the interrupt flag, as mp_hal_set_interrupt_char arranges on the real port. The REPL
 * reads the queue between programs, the program's sys.stdin while it runs ({@link #readProgramInput}).
 */
final class ConsoleInput {

    /** CHAR_CTRL_C, the interrupt character (py/mphal.h, shared/runtime/interrupt_char.c). */
    static final int CTRL_C = 0x03;
    private static final int EOF = -1;
    /** How often a program blocked on sys.stdin looks for Ctrl-C. */
    private static final long STDIN_POLL_MS = 50;

    /** Thrown to the REPL when the line is gone: the firmware stops. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("console closed", null, false, false);
        }
    }

    private final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean interrupt = new AtomicBoolean();
    private volatile boolean programRunning;
    private volatile int interruptChar = CTRL_C;
    private final Object arrived = new Object();
    private volatile Runnable onInterrupt = () -> { };
    private volatile IOException failure;
    private final Thread pump;

    ConsoleInput(InputStream in) {
        pump = new Thread(() -> pump(in), "micropython-uart-rx");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[512];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xff;
                    if (b == interruptChar && programRunning) {
                        synchronized (interrupt) {
                            interrupt.set(true);
                            interrupt.notifyAll();
                        }
                        onInterrupt.run();
                    } else {
                        queue.add(b);
                    }
                }
                synchronized (arrived) {
                    arrived.notifyAll();
                }
            }
        } catch (IOException e) {
            // The line closed, or the board reset (BoardResetException): the REPL ends either way
            // and the firmware reports it.
            failure = e;
        } finally {
            queue.add(EOF);
            synchronized (arrived) {
                arrived.notifyAll();
            }
        }
    }

    /** Why input ended, if it ended with an exception (a board reset is one), else null. */
    IOException failure() {
        return failure;
    }

    /** What else to do on Ctrl-C while a program runs (break a blocking TLS read). */
    void onInterrupt(Runnable r) {
        onInterrupt = r;
    }

    AtomicBoolean interruptFlag() {
        return interrupt;
    }

    /**
     * While true, Ctrl-C interrupts the program instead of being read. Each program starts with
     * Ctrl-C as the interrupt character, as pyexec.c sets it before running one.
     */
    void programRunning(boolean running) {
        if (!running) {
            interrupt.set(false);
        } else {
            interruptChar = CTRL_C;
        }
        programRunning = running;
    }

    /** micropython.kbd_intr(c): the byte that interrupts the running program; -1 for none. */
    void interruptChar(int c) {
        interruptChar = c < 0 ? -1 : c & 0xff;
    }

    /**
     * sys.stdin of the running program: waits for a byte, then takes the ones already here, up to
     * {@code len}. Returns -1 when Ctrl-C came during the wait (the flag is consumed: the VM has
     * been told, and raises KeyboardInterrupt), 0 when the line is gone.
     */
    int readProgramInput(byte[] buf, int len) {
        try {
            while (true) {
                if (interrupt.compareAndSet(true, false)) {
                    return -1;
                }
                Integer first = queue.poll(STDIN_POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (first == EOF) {
                    queue.add(EOF);
                    return 0;
                }
                buf[0] = (byte) (int) first;
                int n = 1;
                while (n < len) {
                    Integer next = queue.peek();
                    if (next == null || next == EOF) {
                        break;
                    }
                    buf[n++] = (byte) (int) queue.poll();
                }
                return n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Whether a byte is waiting for the program, waiting up to {@code waitMillis} for one. */
    boolean awaitPending(int waitMillis) {
        if (hasPending()) {
            return true;
        }
        synchronized (arrived) {
            if (!hasPending() && waitMillis > 0) {
                try {
                    arrived.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return hasPending();
    }

    int read() {
        try {
            int b = queue.take();
            if (b == EOF) {
                queue.add(EOF);
                throw new Closed();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Closed();
        }
    }

    /** Bytes already received and not yet read (pending input), without blocking. */
    boolean hasPending() {
        Integer b = queue.peek();
        return b != null && b != EOF;
    }

    void stop() {
        pump.interrupt();
    }
}
