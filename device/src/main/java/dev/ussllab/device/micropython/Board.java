package dev.ussllab.device.micropython;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The emulated ESP8266 as the interpreter sees it: the console, the Ctrl-C flag, the filesystem
 * folder, the clock since boot, the heap and the TLS client. One per boot of the firmware.
 */
final class Board {

    /** The ESP8266 port's MicroPython heap: about 38 KB free after boot (esp8266 main.c heap). */
    static final long HEAP_BYTES = 38 * 1024;
    /** Roughly what the interpreter's own state takes right after boot on a real board. */
    static final long HEAP_AT_BOOT = 3 * 1024;

    /** Raised by machine.reset() (and soft reboot): unwinds the program; the firmware reboots. */
    static final class ResetSignal extends RuntimeException {
        final boolean hard;

        ResetSignal(boolean hard) {
            super(null, null, false, false);
            this.hard = hard;
        }
    }

    /** Statements between heap checks (a mask: every 64th statement). */
    private static final int HEAP_CHECK_EVERY = 63;

    private final OutputStream console;
    private int statements;
    private final Path fsRoot;
    private final TlsWrap tls;
    private final long bootNanos;
    private final AtomicBoolean interrupt;
    private final Modules modules;
    private PyException currentException;
    private volatile Runnable blockingOn;
    /** Files and sockets the program opened: a soft reboot closes them, as the real VM's reset does. */
    private final java.util.List<java.io.Closeable> open = new java.util.ArrayList<>();
    private String cwd = "";
    private java.util.Map<String, Object> globals = new java.util.HashMap<>();

    Board(OutputStream console, Path fsRoot, TlsWrap tls, long bootNanos, AtomicBoolean interrupt) {
        this.console = console;
        this.fsRoot = fsRoot;
        this.tls = tls;
        this.bootNanos = bootNanos;
        this.interrupt = interrupt;
        this.modules = new Modules(this);
    }

    /** Console output, "cooked" as mp_hal_stdout_tx_strn_cooked does: "\n" goes out as "\r\n". */
    void out(String s) {
        write(s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] b) {
        try {
            console.write(b);
            console.flush();
        } catch (IOException e) {
            // The serial line went away; the program keeps running as a board would.
        }
    }

    /** Raises KeyboardInterrupt if Ctrl-C arrived on the console while the program ran. */
    void checkInterrupt() {
        if (interrupt.getAndSet(false)) {
            throw PyException.of("KeyboardInterrupt");
        }
        if ((++statements & HEAP_CHECK_EVERY) == 0) {
            checkHeap();
        }
    }

    /**
     * A program whose live data outgrows the 38 KB heap fails as it would on the board, instead of
     * running happily on the laptop's memory.
     */
    void checkHeap() {
        long used = SysModules.used(this);
        if (used > HEAP_BYTES) {
            throw PyException.type("MemoryError", "memory allocation failed, allocating " + (used - HEAP_BYTES) + " bytes");
        }
    }

    /** Sleeps, waking early on Ctrl-C (which then raises KeyboardInterrupt). */
    void sleepMs(long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        synchronized (interrupt) {
            while (!interrupt.get()) {
                long left = (end - System.nanoTime() + 999_999L) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                try {
                    interrupt.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw PyException.of("KeyboardInterrupt");
                }
            }
        }
        checkInterrupt();
    }

    /**
     * Names what a blocking call is waiting on (a TLS read deep in the TLS library), so Ctrl-C can
     * break the wait by closing it; null when the call returns.
     */
    void blockingOn(Runnable abort) {
        blockingOn = abort;
    }

    void track(java.io.Closeable c) {
        open.add(c);
    }

    /** Closes everything the program left open (soft reboot). */
    void closeAll() {
        for (java.io.Closeable c : open) {
            try {
                c.close();
            } catch (IOException e) {
                // already broken: nothing more to release
            }
        }
        open.clear();
    }

    /** Called from the console's receive thread on Ctrl-C. */
    void abortBlocking() {
        Runnable r = blockingOn;
        if (r != null) {
            r.run();
        }
    }

    long ticksMs() {
        return (System.nanoTime() - bootNanos) / 1_000_000L;
    }

    Path fsRoot() {
        return fsRoot;
    }

    String cwd() {
        return cwd;
    }

    void cwd(String dir) {
        this.cwd = dir;
    }

    TlsWrap tls() {
        return tls;
    }

    Modules modules() {
        return modules;
    }

    /** The program's globals, which gc.mem_free measures. */
    java.util.Map<String, Object> globals() {
        return globals;
    }

    void globals(java.util.Map<String, Object> g) {
        globals = g;
    }

    PyException currentException() {
        return currentException;
    }

    void setCurrentException(PyException e) {
        currentException = e;
    }
}
