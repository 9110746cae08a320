package dev.ussllab.device.board;

/**
 * Makes bytes take the time a UART line would take: 10 bit times per byte (start, 8 data, stop:
 * 8N1), so 115200 baud carries 11520 bytes/s. It keeps a virtual clock of when the line becomes
 * free and sleeps (never spins) until then. Baud 0 means no pacing.
 */
final class LinePacer {

    /** 8N1 framing: one start bit, eight data bits, one stop bit. */
    static final int BITS_PER_BYTE = 10;

    private final int baud;
    private long lineFreeAt = System.nanoTime();

    LinePacer(int baud) {
        this.baud = baud;
    }

    /** Waits until {@code n} bytes, queued behind what the line already carries, have gone through. */
    void pace(int n) throws InterruptedException {
        if (baud <= 0 || n <= 0) {
            return;
        }
        long now = System.nanoTime();
        lineFreeAt = Math.max(lineFreeAt, now) + (long) n * BITS_PER_BYTE * 1_000_000_000L / baud;
        long wait = lineFreeAt - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
