package dev.ussllab.device.micropython;

/**
 * What the REPL state machine runs programs on, one per boot: MicroPython's own VM ({@link
 * VmEngine}). A soft reboot makes a new one.
 */
interface Engine {

    /** machine.reset() / soft_reset(): unwinds the program; the firmware reboots. */
    final class ResetSignal extends RuntimeException {
        final boolean hard;

        ResetSignal(boolean hard) {
            super(null, null, false, false);
            this.hard = hard;
        }
    }

    /**
     * Runs a program as the raw REPL or a file does; output goes to the console as it happens. An
     * uncaught exception comes back as MicroPython's traceback text (null if none). machine.reset()
     * propagates as {@link ResetSignal}.
     */
    String exec(String source, String file);

    /** Runs one friendly-REPL entry; an expression's value is echoed with repr(), None is not. */
    String execInteractive(String source);

    /** Console output, "\n" sent as "\r\n". */
    void out(String s);

    /** Raw console bytes (the REPL protocol's own). */
    void write(byte[] b);

    /** Ctrl-C while a program runs (called from the console's receive thread). */
    void abortBlocking();

    /** Whether the last program left the VM unusable (it trapped): the REPL boots a fresh one before the next. */
    default boolean broken() {
        return false;
    }

    /** The boot ends: release the files and sockets the program held. */
    void closeAll();
}
