package dev.ussllab.device.upy;

/**
 * The UART's receive side as a running program sees it: {@code sys.stdin} and {@code
 * sys.stdin.buffer} read the bytes that arrive on the serial line after the program itself (as
 * mp_hal_stdin_rx_chr does on the ESP8266), and {@code micropython.kbd_intr} chooses which byte
 * raises KeyboardInterrupt instead of being read. mpremote's {@code mount} depends on both: its
 * hook on the board reads the host's answers from stdin with Ctrl-C switched off.
 */
public interface UartInput {

    /** What {@link #read} returns when Ctrl-C interrupted the wait (the VM then raises KeyboardInterrupt). */
    int INTERRUPTED = -1;

    /**
     * Waits for at least one byte, then copies up to {@code len} of those already received.
     *
     * @return how many bytes were copied (at least 1), 0 when the line is gone (end of input), or
     *     {@link #INTERRUPTED}
     */
    int read(byte[] buf, int len);

    /**
     * Whether a byte is waiting, so that {@link #read} returns at once (select.poll's POLLIN);
     * waits up to {@code waitMillis} for one to arrive.
     */
    boolean ready(int waitMillis);

    /** micropython.kbd_intr(c): the byte that interrupts the running program; -1 for none. */
    void interruptChar(int c);

    /** No serial line behind the VM (unit tests): stdin is at its end, as a closed file. */
    UartInput NONE = new UartInput() {
        @Override
        public int read(byte[] buf, int len) {
            return 0;
        }

        @Override
        public boolean ready(int waitMillis) {
            return true;
        }

        @Override
        public void interruptChar(int c) {
            // nothing reads the line, so nothing is interrupted by it
        }
    };
}
