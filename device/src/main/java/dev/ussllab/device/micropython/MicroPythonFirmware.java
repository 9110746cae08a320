package dev.ussllab.device.micropython;

import dev.ussllab.device.board.BoardContext;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.Firmware;
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
 * main.c), running programs in ussl-lab's MicroPython subset against a filesystem folder.
 */
public final class MicroPythonFirmware implements Firmware {

    static final String BANNER = "MicroPython " + SysModules.VERSION + " on " + SysModules.BUILD_DATE + "; "
            + SysModules.MACHINE + "\r\nType \"help()\" for more information.\r\n";
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
                new Repl(input, out, ctx, tls).loop();
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

    /** The REPL state machine of one board; a soft reboot makes a new {@link Session}. */
    private final class Repl {
        private final ConsoleInput in;
        private final OutputStream out;
        private final BoardContext ctx;
        private final TlsWrap tls;
        private final long bootNanos = System.nanoTime();
        private Session session;
        private boolean raw;

        Repl(ConsoleInput in, OutputStream out, BoardContext ctx, TlsWrap tls) {
            this.in = in;
            this.out = out;
            this.ctx = ctx;
            this.tls = tls;
            in.onInterrupt(() -> {
                Session s = session;
                if (s != null) {
                    s.board().abortBlocking();
                }
            });
        }

        void loop() {
            boot(false, true);
            while (true) {
                boolean softReset = raw ? rawRepl() : friendlyRepl();
                if (softReset) {
                    tx(SOFT_REBOOT);
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
            session = new Session(out, fsRoot, tls, in.interruptFlag(), bootNanos);
            boolean ok = runFile("boot.py");
            // ports/esp8266/main.c runs main.py only when the friendly REPL is active.
            if (ok && !raw) {
                runFile("main.py");
            }
        }

        /** pyexec_file_if_exists: runs a file, printing its traceback; false on an uncaught error. */
        private boolean runFile(String name) {
            Path p = fsRoot.resolve(name);
            if (!Files.isRegularFile(p)) {
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
                session.board().out(tb);
            }
            return tb == null;
        }

        private interface Program {
            String run();
        }

        /** Runs a program with Ctrl-C armed; a machine.reset() reboots and restarts the REPL. */
        private String execute(Program p) {
            in.programRunning(true);
            try {
                return p.run();
            } catch (Board.ResetSignal reset) {
                in.programRunning(false);
                if (!reset.hard) {
                    tx(SOFT_REBOOT);
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
            tx(RAW_BANNER);
            StringBuilder line = new StringBuilder();
            tx(">");
            while (true) {
                int c = in.read();
                if (c == CTRL_A) {
                    if (line.length() == 2 && line.charAt(0) == CTRL_E) {
                        rawPaste(line.charAt(1));
                        line.setLength(0);
                        tx(">");
                        continue;
                    }
                    return rawReplBody();
                } else if (c == CTRL_B) {
                    tx("\r\n");
                    raw = false;
                    return false;
                } else if (c == CTRL_C) {
                    line.setLength(0);
                } else if (c == CTRL_D) {
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
                session.board().out(tb);
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
            write(new byte[] {(byte) (RAW_PASTE_WINDOW & 0xff), (byte) (RAW_PASTE_WINDOW >> 8), 0x01});
            java.io.ByteArrayOutputStream src = new java.io.ByteArrayOutputStream();
            int remain = RAW_PASTE_WINDOW;
            while (true) {
                int c = in.read();
                if (c == CTRL_C || c == CTRL_D) {
                    tx("\u0004");
                    if (c == CTRL_C) {
                        // The reader raises KeyboardInterrupt (no traceback lines) before anything ran.
                        tx("\u0004KeyboardInterrupt: \r\n\u0004");
                        return;
                    }
                    break;
                }
                src.write(c);
                if (--remain == 0) {
                    write(new byte[] {0x01});
                    remain = RAW_PASTE_WINDOW;
                }
            }
            runRaw(src.toString(StandardCharsets.UTF_8));
        }

        // ---------------- friendly REPL (pyexec_friendly_repl) ----------------

        private boolean friendlyRepl() {
            tx(BANNER);
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
                    tx(BANNER);
                }
            }
        }

        /** One prompt; returns non-null to leave the friendly REPL (true = soft reset). */
        private Boolean friendlyEntry() {
            LineEditor ed = new LineEditor(in, this::tx);
            int ret = ed.readLine(">>> ", "");
            switch (ret) {
                case CTRL_A -> {
                    tx("\r\n");
                    raw = true;
                    return false;
                }
                case CTRL_B -> {
                    tx("\r\n");
                    tx(BANNER);
                    return null;
                }
                case CTRL_C -> {
                    tx("\r\n");
                    return null;
                }
                case CTRL_D -> {
                    tx("\r\n");
                    return true;
                }
                case CTRL_E -> {
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
                if (ret == CTRL_C) {
                    tx("\r\n");
                    return null;
                } else if (ret == CTRL_D) {
                    break;
                }
                src.append(ed.text());
            }
            String tb = execute(() -> session.execInteractive(src.toString()));
            if (tb != null) {
                session.board().out(tb);
            }
            return null;
        }

        /** Ctrl-E paste mode: lines verbatim until Ctrl-D, then run as a file. */
        private void pasteMode() {
            tx("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
            StringBuilder src = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c == CTRL_C) {
                    tx("\r\n");
                    return;
                } else if (c == CTRL_D) {
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
                session.board().out(tb);
            }
        }

        private void tx(String s) {
            write(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        private void write(byte[] b) {
            session.board().write(b);
        }
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
