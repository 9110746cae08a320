package dev.ussllab.device.repl;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.profile.LabException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The host side of MicroPython's raw REPL, as mpremote's transport_serial.py drives it: enter
 * (interrupting whatever runs), execute with stdout/stderr split, raw-paste with flow control and
 * a fallback to 256-byte chunks, soft reset, leave. One instance per link; not thread-safe.
 */
public final class RawRepl {

    /** Plain raw REPL: mpremote writes 256 bytes, then sleeps 10 ms (the board's UART buffer is small). */
    static final int CHUNK = 256;
    static final Duration CHUNK_PAUSE = Duration.ofMillis(10);
    /** How long the line must stay quiet before we consider old output drained. */
    static final Duration DRAIN_QUIET = Duration.ofMillis(150);

    private final LinkReader reader;
    private final Duration timeout;
    private Boolean rawPaste; // null: not tried yet on this link
    private boolean inRaw;

    /** @param timeout how long the board may stay silent when it should answer */
    public RawRepl(SerialLink link, Duration timeout) {
        this.reader = new LinkReader(link);
        this.timeout = timeout;
    }

    /**
     * The same driver state (raw REPL entered, raw-paste known) over another link to the same board:
     * the link with a mount in front of it ({@link MountedLink}), or the plain one again.
     */
    public RawRepl over(SerialLink other) {
        RawRepl r = new RawRepl(other, timeout);
        r.rawPaste = rawPaste;
        r.inRaw = inRaw;
        return r;
    }

    /** The link's name, for messages ("/dev/ttyUSB0", "socket://..."). */
    public String portName() {
        return reader.name();
    }

    /** Whether raw-paste mode is in use (null before the first exec). */
    public Boolean usesRawPaste() {
        return rawPaste;
    }

    /** Interrupts whatever runs (Ctrl-C twice) and enters the raw REPL. */
    public void enter() {
        reader.write(Ctrl.INTERRUPT_TWICE);
        reader.drain(DRAIN_QUIET, timeout);
        reader.write(Ctrl.ENTER_RAW_SEQ);
        reader.readUntil(ascii(Ctrl.RAW_BANNER), timeout, "entering the raw REPL (sent Ctrl-C, Ctrl-A)", null);
        inRaw = true;
    }

    /**
     * Runs code and waits for it to finish. stdout is passed to {@code live} as it arrives (if
     * given); waiting longer than {@code runTimeout} interrupts the program and fails.
     */
    public ExecResult exec(String code, Duration runTimeout, Consumer<byte[]> live) {
        requireRaw();
        send(code.getBytes(StandardCharsets.UTF_8));
        String doing = "running the program";
        byte[] out;
        try {
            out = reader.readUntil(new byte[] {Ctrl.EOF}, runTimeout, doing, live);
        } catch (LabException e) {
            interrupt();
            throw LabException.failure("the program on " + reader.name() + " was still running after "
                    + LinkReader.seconds(runTimeout) + " s; interrupted it with Ctrl-C",
                    "give it more time with --run-timeout, or make it finish: a server that keeps the connection open makes read(1024) wait");
        }
        byte[] err = reader.readUntil(new byte[] {Ctrl.EOF}, timeout, "reading the traceback", null);
        reader.readUntil(new byte[] {'>'}, timeout, "waiting for the raw REPL prompt", null);
        return new ExecResult(text(out, 1), text(err, 1));
    }

    /**
     * Sends code and returns without waiting for it to finish, as mpremote's {@code exec --no-follow}
     * (used for {@code machine.reset()}, after which the board answers nothing). The raw REPL is
     * considered left: the next command enters it again, interrupting whatever still runs.
     */
    public void execNoFollow(String code) {
        requireRaw();
        send(code.getBytes(StandardCharsets.UTF_8));
        inRaw = false;
    }

    /** Whether the board is in the raw REPL as far as this driver knows. */
    public boolean inRaw() {
        return inRaw;
    }

    /** Runs code that must not fail; a traceback becomes an error showing its last line. */
    public String execOk(String code, String what) {
        ExecResult r = exec(code, timeout, null);
        if (r.failed()) {
            throw LabException.failure(what + " failed on the board: " + r.errorLine(), hintFor(r.errorLine()));
        }
        return r.stdout();
    }

    static String hintFor(String errorLine) {
        if (errorLine.contains("ENOENT")) {
            return "no such file or directory on the board: check the path with `board ls`";
        }
        if (errorLine.contains("EEXIST")) {
            return "it already exists on the board";
        }
        if (errorLine.contains("MemoryError")) {
            return "the board ran out of its 38 KB heap: work in smaller pieces";
        }
        return "the board's traceback says why";
    }

    private void send(byte[] code) {
        if (rawPaste == null || rawPaste) {
            reader.write(Ctrl.RAW_PASTE_SEQ);
            byte[] answer = reader.readExactly(2, timeout, "asking for raw-paste mode");
            if (answer[0] == 'R' && answer[1] == 1) {
                rawPaste = true;
                rawPasteWrite(code);
                return;
            }
            if (answer[0] == 'R' && answer[1] == 0) {
                // The board understood but refuses raw-paste; pyexec.c then prints a fresh prompt.
                rawPaste = false;
                reader.readUntil(new byte[] {'>'}, timeout, "falling back to the raw REPL", null);
            } else {
                // A board from before raw-paste echoes the bytes as ordinary input: reset the raw REPL.
                rawPaste = false;
                reader.readUntil(ascii("w REPL; CTRL-B to exit\r\n>"), timeout, "falling back to the raw REPL", null);
            }
        }
        for (int i = 0; i < code.length; i += CHUNK) {
            reader.write(java.util.Arrays.copyOfRange(code, i, Math.min(code.length, i + CHUNK)));
            pause(CHUNK_PAUSE);
        }
        reader.write(new byte[] {Ctrl.EOF});
        byte[] ok = reader.readExactly(2, timeout, "sending the program");
        if (ok[0] != 'O' || ok[1] != 'K') {
            throw LabException.failure("the board on " + reader.name() + " did not accept the program (answered '"
                    + LinkReader.printable(ok) + "' instead of OK)", "reset the board and try again");
        }
    }

    /** transport_serial.py raw_paste_write: honour the window; \x01 grants more, \x04 aborts. */
    private void rawPasteWrite(byte[] code) {
        byte[] header = reader.readExactly(2, timeout, "reading the raw-paste window size");
        int window = (header[0] & 0xff) | (header[1] & 0xff) << 8;
        int remain = window;
        int i = 0;
        while (i < code.length) {
            while (remain == 0 || reader.hasPending(Duration.ZERO)) {
                byte b = reader.readExactly(1, timeout, "waiting for the board to take more of the program (raw-paste flow control)")[0];
                if (b == Ctrl.WINDOW_GRANT) {
                    remain += window;
                } else if (b == Ctrl.EOF) {
                    // The board ended the paste early (it failed to compile): acknowledge.
                    reader.write(new byte[] {Ctrl.EOF});
                    return;
                } else {
                    throw LabException.failure("unexpected byte 0x" + String.format("%02x", b & 0xff)
                            + " from the board during raw paste", "reset the board and try again");
                }
            }
            int n = Math.min(remain, code.length - i);
            reader.write(java.util.Arrays.copyOfRange(code, i, i + n));
            remain -= n;
            i += n;
        }
        reader.write(new byte[] {Ctrl.EOF});
        reader.readUntil(new byte[] {Ctrl.EOF}, timeout, "waiting for the board to acknowledge the program", null);
    }

    /** Soft reset from the raw REPL (boot.py runs; main.py does not, as in mpremote). */
    public String softResetRaw() {
        requireRaw();
        reader.write(new byte[] {Ctrl.EOF});
        byte[] got = reader.readUntil(ascii(Ctrl.SOFT_REBOOT), timeout, "soft-rebooting", null);
        reader.readUntil(ascii(Ctrl.RAW_BANNER), timeout, "waiting for the raw REPL after the soft reboot", null);
        return text(got, 0);
    }

    /**
     * Soft reset in the friendly REPL, so boot.py and then main.py run; returns what they printed
     * (up to the next prompt). main.py still running after {@code runTimeout} is interrupted.
     */
    public String softResetRunningMain(Duration runTimeout, Consumer<byte[]> live) {
        if (!inRaw) {
            enter();
        }
        reader.write(Ctrl.EXIT_RAW_SEQ);
        inRaw = false;
        reader.readUntil(ascii(Ctrl.FRIENDLY_PROMPT.substring(2)), timeout, "leaving the raw REPL", null);
        reader.write(new byte[] {Ctrl.EOF});
        reader.readUntil(ascii(Ctrl.SOFT_REBOOT), timeout, "soft-rebooting", null);
        try {
            byte[] out = reader.readUntil(ascii("Type \"help()\" for more information.\r\n>>> "), runTimeout,
                    "running boot.py and main.py", live);
            String s = text(out, 0);
            int banner = s.lastIndexOf("MicroPython ");
            return banner >= 0 ? s.substring(0, banner) : s;
        } catch (LabException e) {
            reader.write(new byte[] {Ctrl.INTERRUPT});
            throw LabException.failure("main.py on " + reader.name() + " was still running after "
                    + LinkReader.seconds(runTimeout) + " s; interrupted it with Ctrl-C",
                    "that is normal for a main.py that loops forever; use --run-timeout to watch it longer");
        }
    }

    /**
     * After a hard reset: waits for MicroPython's friendly prompt and returns what boot.py and
     * main.py printed (the text after the ROM's boot messages, which reach a 115200-baud reader as
     * bytes of another line speed, and before MicroPython's banner). A main.py still running after
     * {@code runTimeout} is interrupted.
     */
    public String awaitBoot(Duration runTimeout, Consumer<byte[]> shown) {
        inRaw = false;
        byte[] got;
        try {
            got = reader.readUntil(ascii("Type \"help()\" for more information.\r\n>>> "), runTimeout, "booting after the reset", null);
        } catch (LabException e) {
            reader.write(new byte[] {Ctrl.INTERRUPT});
            throw LabException.failure("the board on " + reader.name() + " did not reach the >>> prompt within "
                    + LinkReader.seconds(runTimeout) + " s of the reset (a main.py that loops forever?); sent Ctrl-C",
                    "use --run-timeout to watch it longer");
        }
        int start = 0;
        for (int i = 0; i < got.length; i++) {
            int c = got[i] & 0xff;
            if (c >= 0x80 || c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                start = i + 1; // the ROM's 74880-baud messages, garbled at this speed
            }
        }
        String s = new String(got, start, got.length - start, StandardCharsets.UTF_8);
        // The ROM's own line (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)") when it arrives readable.
        int rom = s.lastIndexOf("rst cause:");
        if (rom >= 0) {
            int eol = s.indexOf('\n', rom);
            s = eol < 0 ? "" : s.substring(eol + 1);
        }
        int banner = s.lastIndexOf("MicroPython v");
        s = banner >= 0 ? s.substring(0, banner) : s;
        s = s.replaceFirst("^(\r?\n)+", "");
        if (shown != null && !s.isEmpty()) {
            shown.accept(s.getBytes(StandardCharsets.UTF_8));
        }
        return s;
    }

    /**
     * Leaves the raw REPL and waits for the friendly prompt; returns what the board printed up to
     * and including it (its banner, then ">>> ").
     */
    public String exitToPrompt() {
        reader.write(Ctrl.EXIT_RAW_SEQ);
        inRaw = false;
        return text(reader.readUntil(ascii(Ctrl.FRIENDLY_PROMPT.substring(2)), timeout, "leaving the raw REPL", null), 0);
    }

    /** Leaves the raw REPL for the friendly one. */
    public void exit() {
        if (inRaw) {
            reader.write(Ctrl.EXIT_RAW_SEQ);
            inRaw = false;
        }
    }

    /** Ctrl-C: interrupts the running program; the board prints its KeyboardInterrupt traceback. */
    public void interrupt() {
        reader.write(new byte[] {Ctrl.INTERRUPT});
        reader.drain(DRAIN_QUIET, timeout);
        if (inRaw) {
            reader.write(new byte[] {'\r', Ctrl.ENTER_RAW});
            reader.readUntil(ascii(Ctrl.RAW_BANNER), timeout, "re-entering the raw REPL after Ctrl-C", null);
        }
    }

    private void requireRaw() {
        if (!inRaw) {
            enter();
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.failure("interrupted while sending a program", null);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes without the trailing marker of {@code markerLen} bytes, as UTF-8 text. */
    private static String text(byte[] b, int markerLen) {
        return new String(b, 0, b.length - markerLen, StandardCharsets.UTF_8);
    }
}
