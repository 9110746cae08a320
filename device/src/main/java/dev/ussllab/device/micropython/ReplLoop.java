package dev.ussllab.device.micropython;

import dev.ussllab.device.board.BoardContext;
import dev.ussllab.device.board.BootMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The REPL state machine of one power-on (shared/runtime/pyexec.c): friendly REPL, raw REPL,
 * raw paste, paste mode, soft reboot; a soft reboot makes a new {@link Engine}.
 */
final class ReplLoop {
    private final ConsoleInput in;
    private final Path fsRoot;
    private final boolean rawPasteSupported;
    private final OutputStream out;
    private final BoardContext ctx;
    private final TlsWrap tls;
    private final long bootNanos = System.nanoTime();
    private Engine session;
    private final EngineFactory engines;
    private boolean raw;

    /** Makes the engine of one boot. */
    interface EngineFactory {
        Engine boot(OutputStream console, Path fsRoot, TlsWrap tls, ConsoleInput in, long bootNanos);
    }

    ReplLoop(ConsoleInput in, OutputStream out, BoardContext ctx, TlsWrap tls, Path fsRoot, boolean rawPasteSupported,
            EngineFactory engines) {
        this.engines = engines;
        this.in = in;
        this.fsRoot = fsRoot;
        this.rawPasteSupported = rawPasteSupported;
        this.out = out;
        this.ctx = ctx;
        this.tls = tls;
        in.onInterrupt(() -> {
            Engine s = session;
            if (s != null) {
                s.abortBlocking();
            }
        });
    }

    /** The board lost power or reset: release what the program held open. */
    void powerOff() {
        if (session != null) {
            session.closeAll();
        }
    }

    void loop() {
        boot(false, true);
        while (true) {
            boolean softReset = raw ? rawRepl() : friendlyRepl();
            if (softReset) {
                tx(MicroPythonFirmware.SOFT_REBOOT);
                boot(false, false);
            }
        }
    }

    /** A reboot: hard (machine.reset, the board resets itself), soft, or the power-on of this run. */
    private void boot(boolean hard) {
        boot(hard, false);
    }

    private void boot(boolean hard, boolean powerOn) {
        if (hard && ctx != null) {
            // The board itself resets: this run ends when the reset reaches the input.
            ctx.requestReset(BootMode.FIRMWARE);
            while (true) {
                in.read();
            }
        }
        if (hard || powerOn) {
            raw = false;
        }
        if (session != null) {
            session.closeAll();
        }
        session = engines.boot(out, fsRoot, tls, in, bootNanos);
        boolean ok = runFile("boot.py");
        // ports/esp8266/main.c runs main.py only when the friendly REPL is active.
        if (ok && !raw) {
            runFile("main.py");
        }
    }

    /**
     * Whether {@code p} stays inside {@code root} once links are followed (issue 15 section 5): a
     * boot.py that is a link out of the --fs folder is no file of the board's.
     */
    private static boolean insideRoot(Path root, Path p) {
        try {
            return Files.exists(p) && p.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** pyexec_file_if_exists: runs a file, printing its traceback; false on an uncaught error. */
    private boolean runFile(String name) {
        Path p = fsRoot.resolve(name);
        if (!Files.isRegularFile(p) || !insideRoot(fsRoot, p)) {
            return true;
        }
        String src;
        try {
            src = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        String tb = execute(() -> session.exec(src, name));
        if (tb != null) {
            session.out(tb);
        }
        return tb == null;
    }

    private interface Program {
        String run();
    }

    /** Runs a program with Ctrl-C armed; a machine.reset() reboots and restarts the REPL. */
    private String execute(Program p) {
        if (session.broken()) {
            // The last program made the VM trap (MicroPythonVm#trapped): this one gets a fresh VM,
            // as after a reset (without boot.py: the REPL stays where it was).
            session.closeAll();
            session = engines.boot(out, fsRoot, tls, in, bootNanos);
        }
        in.programRunning(true);
        try {
            return p.run();
        } catch (Engine.ResetSignal reset) {
            in.programRunning(false);
            if (!reset.hard) {
                tx(MicroPythonFirmware.SOFT_REBOOT);
            }
            throw new Rebooted(reset.hard);
        } finally {
            in.programRunning(false);
        }
    }

    // ---------------- raw REPL (pyexec_raw_repl) ----------------

    private boolean rawRepl() {
        try {
            return rawReplBody();
        } catch (Rebooted r) {
            boot(r.hard);
            return false;
        }
    }

    private boolean rawReplBody() {
        tx(MicroPythonFirmware.RAW_BANNER);
        StringBuilder line = new StringBuilder();
        tx(">");
        while (true) {
            int c = in.read();
            if (c == MicroPythonFirmware.CTRL_A) {
                if (line.length() == 2 && line.charAt(0) == MicroPythonFirmware.CTRL_E) {
                    rawPaste(line.charAt(1));
                    line.setLength(0);
                    tx(">");
                    continue;
                }
                return rawReplBody();
            } else if (c == MicroPythonFirmware.CTRL_B) {
                tx("\r\n");
                raw = false;
                return false;
            } else if (c == MicroPythonFirmware.CTRL_C) {
                line.setLength(0);
            } else if (c == MicroPythonFirmware.CTRL_D) {
                tx("OK");
                if (line.length() == 0) {
                    tx("\r\n");
                    return true;
                }
                String src = new String(latin1(line), StandardCharsets.UTF_8);
                line.setLength(0);
                runRaw(src);
                tx(">");
            } else {
                line.append((char) c);
            }
        }
    }

    /** EXEC_FLAG_PRINT_EOF: stdout, \x04, the traceback (stderr), \x04. */
    private void runRaw(String src) {
        String tb = execute(() -> session.exec(src, "<stdin>"));
        tx("\u0004");
        if (tb != null) {
            session.out(tb);
        }
        tx("\u0004");
    }

    private void rawPaste(char command) {
        if (command != 'A' || !rawPasteSupported) {
            tx("R\u0000");
            return;
        }
        tx("R\u0001");
        // mp_reader_new_stdin: the window size as u16 little-endian, then one grant (\x01).
        write(new byte[] {(byte) (MicroPythonFirmware.RAW_PASTE_WINDOW & 0xff), (byte) (MicroPythonFirmware.RAW_PASTE_WINDOW >> 8), 0x01});
        java.io.ByteArrayOutputStream src = new java.io.ByteArrayOutputStream();
        int remain = MicroPythonFirmware.RAW_PASTE_WINDOW;
        while (true) {
            int c = in.read();
            if (c == MicroPythonFirmware.CTRL_C || c == MicroPythonFirmware.CTRL_D) {
                tx("\u0004");
                if (c == MicroPythonFirmware.CTRL_C) {
                    // The reader raises KeyboardInterrupt (no traceback lines) before anything ran.
                    tx("\u0004KeyboardInterrupt: \r\n\u0004");
                    return;
                }
                break;
            }
            src.write(c);
            if (--remain == 0) {
                write(new byte[] {0x01});
                remain = MicroPythonFirmware.RAW_PASTE_WINDOW;
            }
        }
        runRaw(src.toString(StandardCharsets.UTF_8));
    }

    // ---------------- friendly REPL (pyexec_friendly_repl) ----------------

    private boolean friendlyRepl() {
        tx(MicroPythonFirmware.BANNER);
        while (true) {
            try {
                Boolean r = friendlyEntry();
                if (r != null) {
                    return r;
                }
            } catch (Rebooted reb) {
                boot(reb.hard);
                if (raw) {
                    return false;
                }
                tx(MicroPythonFirmware.BANNER);
            }
        }
    }

    /** One prompt; returns non-null to leave the friendly REPL (true = soft reset). */
    private Boolean friendlyEntry() {
        LineEditor ed = new LineEditor(in, this::tx);
        int ret = ed.readLine(">>> ", "");
        switch (ret) {
            case MicroPythonFirmware.CTRL_A -> {
                tx("\r\n");
                raw = true;
                return false;
            }
            case MicroPythonFirmware.CTRL_B -> {
                tx("\r\n");
                tx(MicroPythonFirmware.BANNER);
                return null;
            }
            case MicroPythonFirmware.CTRL_C -> {
                tx("\r\n");
                return null;
            }
            case MicroPythonFirmware.CTRL_D -> {
                tx("\r\n");
                return true;
            }
            case MicroPythonFirmware.CTRL_E -> {
                pasteMode();
                return null;
            }
            default -> { }
        }
        StringBuilder src = new StringBuilder(ed.text());
        if (src.length() == 0) {
            return null;
        }
        while (LineEditor.continueWithInput(src.toString())) {
            src.append('\n');
            ret = ed.readLine("... ", LineEditor.autoIndent(src.toString()));
            if (ret == MicroPythonFirmware.CTRL_C) {
                tx("\r\n");
                return null;
            } else if (ret == MicroPythonFirmware.CTRL_D) {
                break;
            }
            src.append(ed.text());
        }
        String tb = execute(() -> session.execInteractive(src.toString()));
        if (tb != null) {
            session.out(tb);
        }
        return null;
    }

    /** Ctrl-E paste mode: lines verbatim until Ctrl-D, then run as a file. */
    private void pasteMode() {
        tx("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
        StringBuilder src = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == MicroPythonFirmware.CTRL_C) {
                tx("\r\n");
                return;
            } else if (c == MicroPythonFirmware.CTRL_D) {
                tx("\r\n");
                break;
            } else if (c == '\r') {
                tx("\r\n=== ");
                src.append('\n');
            } else {
                write(new byte[] {(byte) c});
                src.append((char) c);
            }
        }
        String text = new String(latin1(src), StandardCharsets.UTF_8);
        String tb = execute(() -> session.exec(text, "<stdin>"));
        if (tb != null) {
            session.out(tb);
        }
    }

    private void tx(String s) {
        write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void write(byte[] b) {
        session.write(b);
    }

    private static byte[] latin1(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A program rebooted the board (machine.reset / soft_reset); the REPL starts over. */
    private static final class Rebooted extends RuntimeException {
        final boolean hard;

        Rebooted(boolean hard) {
            super(null, null, false, false);
            this.hard = hard;
        }
    }
}
