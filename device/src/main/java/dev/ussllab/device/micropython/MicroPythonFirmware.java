package dev.ussllab.device.micropython;

import dev.ussllab.device.board.BoardContext;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.Firmware;
import dev.ussllab.device.upy.MicroPythonVm;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MicroPython v1.22.2 for the ESP8266 as seen on its serial line: the friendly REPL, the raw REPL
 * and raw-paste mode (shared/runtime/pyexec.c), soft reboot with boot.py/main.py (ports/esp8266
 * main.c), running programs on MicroPython's own VM (dev.ussllab.device.upy) against a filesystem folder.
 */
public final class MicroPythonFirmware implements Firmware {

    /** The firmware the board is: MicroPython v1.22.2 for the ESP8266 (the seeds' build). */
    static final String VERSION = "v1.22.2";
    static final String BUILD_DATE = "2024-02-22";
    static final String MACHINE = "ESP module with ESP8266";
    static final String BANNER = "MicroPython " + VERSION + " on " + BUILD_DATE + "; "
            + MACHINE + "\r\nType \"help()\" for more information.\r\n";
    static final String RAW_BANNER = "raw REPL; CTRL-B to exit\r\n";
    static final String SOFT_REBOOT = "MPY: soft reboot\r\n";
    /** MICROPY_REPL_STDIN_BUFFER_MAX is 256 on the ESP8266; raw paste grants half of it per window. */
    static final int RAW_PASTE_WINDOW = 128;
    /** The REPL runs on its own thread with room for deep Python recursion. */
    private static final long REPL_STACK_BYTES = 16L << 20;

    static final int CTRL_A = 0x01;
    static final int CTRL_B = 0x02;
    static final int CTRL_C = 0x03;
    static final int CTRL_D = 0x04;
    static final int CTRL_E = 0x05;

    private final Path fsRoot;
    private final KeyLogSink keyLog;
    private final boolean rawPasteSupported;
    private long memoryCap = MicroPythonVm.DEFAULT_MEMORY_CAP;

    /**
     * @param fsRoot the folder holding the board's files (boot.py, main.py, ...)
     * @param keyLog where the TLS client logs its session secrets (KeyLogSink.NONE for nowhere)
     * @param rawPasteSupported false makes the board answer "R\x00" to raw-paste requests, as
     *     firmware older than v1.13 does
     */
    public MicroPythonFirmware(Path fsRoot, KeyLogSink keyLog, boolean rawPasteSupported) {
        this.fsRoot = fsRoot;
        this.keyLog = keyLog == null ? KeyLogSink.NONE : keyLog;
        this.rawPasteSupported = rawPasteSupported;
        MicroPythonVm.preload();
    }

    /** The engine of each boot: MicroPython's own VM. */
    private ReplLoop.EngineFactory engines() {
        return (console, root, t, in, bootNanos) -> new VmEngine(console, in, root, t, memoryCap);
    }

    /** The most linear memory the VM may grow to (bytes); beyond it programs get MemoryError. */
    public MicroPythonFirmware memoryCap(long bytes) {
        this.memoryCap = bytes;
        return this;
    }

    /** One power-on, on the emulated board's UART; ends when the board resets or the line closes. */
    @Override
    public void run(InputStream in, OutputStream out, BoardContext ctx) throws IOException {
        run(in, out, ctx, new EspTls(keyLog));
    }

    /** Runs until the input ends (the serial line closes); without a board, resets happen in place. */
    public void run(InputStream in, OutputStream out) throws IOException {
        run(in, out, null, new EspTls(keyLog));
    }

    void run(InputStream in, OutputStream out, BoardContext ctx, TlsWrap tls) throws IOException {
        if (!Files.isDirectory(fsRoot)) {
            throw new IOException("board filesystem folder " + fsRoot + " does not exist");
        }
        ConsoleInput input = new ConsoleInput(in);
        Throwable[] failure = new Throwable[1];
        Thread repl = new Thread(null, () -> {
            try {
                ReplLoop loop = new ReplLoop(input, out, ctx, tls, fsRoot, rawPasteSupported, engines());
                try {
                    loop.loop();
                } finally {
                    loop.powerOff();
                }
            } catch (ConsoleInput.Closed e) {
                // end of session
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "micropython-repl", REPL_STACK_BYTES);
        repl.setDaemon(true);
        repl.start();
        try {
            repl.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            repl.interrupt();
        } finally {
            input.stop();
        }
        if (input.failure() != null) {
            throw input.failure(); // a board reset propagates, as the Firmware contract asks
        }
        if (failure[0] instanceof IOException io) {
            throw io;
        }
        if (failure[0] != null) {
            throw new IOException("emulated MicroPython failed: " + failure[0], failure[0]);
        }
    }

}
