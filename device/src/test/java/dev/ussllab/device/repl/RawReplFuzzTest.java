package dev.ussllab.device.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.fuzz.Fuzz;
import dev.ussllab.device.fuzz.RecordingLink;
import dev.ussllab.device.fuzz.ScriptedBoard;
import dev.ussllab.device.micropython.MicroPythonFirmware;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 section 6, the host's side of the raw REPL: what our driver (RawRepl, and BoardFiles
 * reading the answers of the programs it runs) makes of what a board sends, fuzzed for a bounded
 * time. Seeds are real raw-REPL sessions with the emulated MicroPython board, recorded as the
 * driver saw them, with raw paste and with the fallback to the plain raw REPL: enter, soft reset,
 * put/get/ls/stat/sha256/cwd/df/mkdir/touch/rm/rmdir, a program that raises, a soft reset that
 * runs main.py, machine.reset() and the boot after it. Each input replays a session against a
 * board that answers from the mutated script. A failure is an exception other than a one-line
 * LabException (which is what the board commands show the user), or an input past the deadline.
 */
@Tag("long")
public class RawReplFuzzTest {

    /** Short, as the scripted board answers at once; a missing answer costs this much. */
    static final Duration QUICK = Duration.ofMillis(100);
    static final Duration RECORDING = Duration.ofSeconds(20);
    /** A file with every byte value, so the put and get programs carry escapes. */
    static final byte[] FILE = fileBytes();

    @TempDir
    Path dir;

    @Test
    void boardAnswersNeverCrashOrHangTheDriver() throws Exception {
        List<List<byte[]>> scripts = new ArrayList<>();
        for (RecordingLink l : recordSessions(dir)) {
            scripts.add(l.boardTurns());
        }
        Fuzz fz = Fuzz.start("raw REPL driver (board to host)", 30);
        Random r = fz.random();
        int refused = 0;
        while (fz.more()) {
            List<byte[]> script = Fuzz.mutateTurns(scripts.get(r.nextInt(scripts.size())), r);
            byte[] packed = ScriptedBoard.pack(script, r.nextInt(4) != 0);
            Boolean done = fz.run("repl-host", packed, () -> replay(packed), t -> false);
            if (Boolean.FALSE.equals(done)) {
                refused++;
            }
        }
        fz.close();
        System.out.println(fz.summary(refused + " sessions ended in a one-line error"));
        assertTrue(fz.failures().isEmpty(), fz.summary(""));
    }

    /** One session against a scripted board: true when it ran to the end, false when refused with a one-line error. */
    public static boolean replay(byte[] packed) {
        try (ScriptedBoard board = ScriptedBoard.of(packed)) {
            session(board, QUICK);
            return true;
        } catch (LabException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n") || m.contains("Exception")) {
                throw new AssertionError("a refusal that is not one line: " + m, e);
            }
            return false;
        }
    }

    /** What the board commands do through the driver, in one session. */
    static String session(SerialLink link, Duration timeout) {
        RawRepl repl = new RawRepl(link, timeout);
        repl.enter();
        repl.softResetRaw();
        BoardFiles f = new BoardFiles(repl);
        f.put(FILE, "a.bin");
        f.ls("");
        f.stat("a.bin");
        f.stat("missing");
        f.get("a.bin");
        f.sha256("a.bin");
        f.cwd();
        f.df();
        f.mkdir("d");
        f.isDir("d");
        f.touch("d/t");
        f.rm("d/t");
        f.rmdir("d");
        ExecResult r = repl.exec("print('out', 6 * 7)\nraise ValueError('boom')\n", timeout, b -> { });
        String error = r.errorLine();
        repl.softResetRunningMain(timeout, b -> { });
        repl.execNoFollow("import machine\nmachine.reset()\n");
        repl.awaitBoot(timeout, b -> { });
        repl.enter();
        repl.exit();
        return error;
    }

    /** The seeds: sessions with an emulated MicroPython board with raw paste, and one without (before v1.13). */
    public static List<RecordingLink> recordSessions(Path dir) throws Exception {
        return List.of(record(dir.resolve("paste"), true), record(dir.resolve("plain"), false));
    }

    private static RecordingLink record(Path dir, boolean rawPaste) throws Exception {
        Path fs = Files.createDirectories(dir.resolve("fs"));
        Files.writeString(fs.resolve("boot.py"), "print('boot.py ran')\n");
        Files.writeString(fs.resolve("main.py"), "print('main.py ran')\n");
        BoardEmulator board = BoardEmulator.builder(FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE)).mode(BootMode.FIRMWARE)
                .firmware(new MicroPythonFirmware(fs, KeyLogSink.NONE, rawPaste)).build();
        RecordingLink link = new RecordingLink("memory");
        Thread t = new Thread(() -> {
            try {
                board.run(link.toBoard.in(), link.fromBoard.out());
            } catch (IOException ignored) {
                // ends with the line
            }
        }, "recorded-micropython-board");
        t.setDaemon(true);
        t.start();
        try {
            assertEquals("ValueError: boom", session(link, RECORDING));
        } finally {
            link.close();
            t.join(5000);
        }
        assertTrue(new String(Fuzz.concat(link.boardTurns()), StandardCharsets.ISO_8859_1).contains("main.py ran"),
                "the recorded session ran main.py");
        return link;
    }

    private static byte[] fileBytes() {
        byte[] b = new byte[700];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }
}
