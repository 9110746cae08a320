package dev.ussllab.device.micropython;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The board's UART receive side. A reader thread moves bytes into a queue; while a program runs,
 * Ctrl-C does not enter the queue but raises the interrupt flag, as mp_hal_set_interrupt_char
 * arranges on the real port.
 */
final class ConsoleInput {

    /** CHAR_CTRL_C, the interrupt character (py/mphal.h, shared/runtime/interrupt_char.c). */
    static final int CTRL_C = 0x03;
    private static final int EOF = -1;

    /** Thrown to the REPL when the line is gone: the firmware stops. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("console closed", null, false, false);
        }
    }

    private final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean interrupt = new AtomicBoolean();
    private volatile boolean programRunning;
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
                    if (b == CTRL_C && programRunning) {
                        synchronized (interrupt) {
                            interrupt.set(true);
                            interrupt.notifyAll();
                        }
                        onInterrupt.run();
                    } else {
                        queue.add(b);
                    }
                }
            }
        } catch (IOException e) {
            // The line closed, or the board reset (BoardResetException): the REPL ends either way
            // and the firmware reports it.
            failure = e;
        } finally {
            queue.add(EOF);
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

    /** While true, Ctrl-C interrupts the program instead of being read. */
    void programRunning(boolean running) {
        if (!running) {
            interrupt.set(false);
        }
        programRunning = running;
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
