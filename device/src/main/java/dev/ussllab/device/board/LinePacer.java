package dev.ussllab.device.board;

/**
 * Makes bytes take the time a UART line would take: 10 bit times per byte (start, 8 data, stop:
 * 8N1), so 115200 baud carries 11520 bytes/s. It keeps a virtual clock of when the line becomes
 * free and sleeps (never spins) until then. Baud 0 means no pacing.
 */
final class LinePacer {

    /** 8N1 framing: one start bit, eight data bits, one stop bit. */
    static final int BITS_PER_BYTE = 10;

    /**
     * How far a reply may be backdated to when its request ended, when our thread woke up late.
     * Bounded so a late wake-up can never make the emulated line faster than the real one by more
     * than this per reply.
     */
    static final long MAX_WAKEUP_CREDIT_NANOS = 5_000_000;

    private volatile int baud;
    private volatile long lineFreeAt = System.nanoTime();

    LinePacer(int baud) {
        this.baud = baud;
    }

    /** A new line rate from now on (the board's UART divider changed); ignored when not pacing. */
    void setBaud(int newBaud) {
        if (baud > 0 && newBaud > 0) {
            baud = newBaud;
        }
    }

    /** Waits until {@code n} bytes, queued behind what the line already carries, have gone through. */
    void pace(int n) throws InterruptedException {
        pace(n, false);
    }

    /**
     * As {@link #pace(int)}; {@code backlog} says the bytes were already waiting when the previous
     * ones finished, so the line never idled: they start exactly when the line became free, and
     * an oversleep of ours does not count as idle line time.
     */
    void pace(int n, boolean backlog) throws InterruptedException {
        paceFrom(n, backlog ? lineFreeAt : System.nanoTime());
    }

    /**
     * Bytes the board sends in answer to what {@code rx} delivered: they may start when that input
     * ended (the ROM answers at once) even if our thread got round to it a little later.
     */
    void paceReply(int n, LinePacer rx) throws InterruptedException {
        long now = System.nanoTime();
        paceFrom(n, Math.max(now - MAX_WAKEUP_CREDIT_NANOS, Math.min(now, rx.lineFreeAt)));
    }

    private void paceFrom(int n, long earliestStart) throws InterruptedException {
        if (baud <= 0 || n <= 0) {
            return;
        }
        lineFreeAt = Math.max(lineFreeAt, earliestStart) + (long) n * BITS_PER_BYTE * 1_000_000_000L / baud;
        // parkNanos, not Thread.sleep(ms, ns): on JDK 17 the latter rounds up to a whole
        // millisecond, which costs ~1 ms a reply. park may wake early, hence the loop (it still
        // sleeps in the kernel each time: no spinning).
        long wait;
        while ((wait = lineFreeAt - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("line pacing interrupted");
            }
        }
    }
}
