package dev.ussllab.device.repl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.fuzz.Fuzz;
import dev.ussllab.device.fuzz.FuzzedBoard;
import dev.ussllab.device.fuzz.Pipe;
import dev.ussllab.device.fuzz.RecordingLink;
import dev.ussllab.device.micropython.MicroPythonFirmware;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 section 6, the board's side of the REPL: what the emulated MicroPython board makes of
 * the bytes a host sends (raw REPL, raw paste, the friendly REPL's line editor, paste mode, the
 * control characters), fuzzed for a bounded time. Seeds: what our driver sent in the sessions
 * RawReplFuzzTest records, and a friendly-REPL session typed by hand. Each input goes to a fresh
 * board over the wire; afterwards the board must still serve a user: Ctrl-C twice, Ctrl-B and a
 * typed line must get its answer. A board thread that dies, a board that does not come back, or
 * an input past the deadline fails the run.
 */
@Tag("long")
public class ReplBoardFuzzTest {

    /** How long a board may take to come back to its prompt after a fuzzed input: a boot and a Ctrl-C. */
    static final long RECOVER_MS = 15_000;
    /** A kept input may be a slow one (a deeply nested program takes the emulated VM seconds to compile). */
    static final long REPLAY_RECOVER_MS = 90_000;

    @TempDir
    Path dir;

    @Test
    void garbageFromTheHostNeverCrashesOrWedgesTheBoard() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (RecordingLink l : RawReplFuzzTest.recordSessions(dir.resolve("seeds"))) {
            for (byte[] w : splitAtEntries(l.hostBytes())) {
                corpus.add(w);
            }
        }
        corpus.add(FRIENDLY.getBytes(StandardCharsets.ISO_8859_1));
        Fuzz fz = Fuzz.start("board REPL (host to board)", 30);
        Random r = fz.random();
        int n = 0;
        while (fz.more()) {
            byte[] input = Fuzz.mutate(corpus.get(r.nextInt(corpus.size())), r);
            Path fs = dir.resolve("board-" + n++);
            fz.run("repl-board", input, () -> {
                check(input, fs, RECOVER_MS);
                return null;
            }, t -> false);
        }
        fz.close();
        System.out.println(fz.summary(""));
        assertTrue(fz.failures().isEmpty(), fz.summary(""));
    }

    /** Typed at the friendly prompt: a compound statement, paste mode, a KeyboardInterrupt, an edit with the arrows. */
    static final String FRIENDLY = "\r\u0003\u0002print(1 + 1)\rfor i in range(2):\r    print(i)\r\r"
            + "\u0005def f(x):\r    return x * 2\rprint(f(21))\r\u0004"
            + "import time\rtime.sleep(0.01)\r" + "abc\u001b[D\u001b[D\u0008x\r" + "\u0001print('raw')\u0004\u0002";

    /**
     * The recorded sessions are long (a soft reset per raw-REPL entry); a seed is a run of them,
     * cut after a Ctrl-D, so inputs are small and many; each run but the first starts by entering
     * the raw REPL (Ctrl-A), where the session was at that point.
     */
    static List<byte[]> splitAtEntries(byte[] all) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        int ends = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 4 && ++ends % 4 == 0) {
                out.add(entry(out.isEmpty(), java.util.Arrays.copyOfRange(all, start, i + 1)));
                start = i + 1;
            }
        }
        if (start < all.length) {
            out.add(entry(out.isEmpty(), java.util.Arrays.copyOfRange(all, start, all.length)));
        }
        return out;
    }

    private static byte[] entry(boolean first, byte[] run) {
        if (first) {
            return run;
        }
        byte[] b = new byte[run.length + 2];
        b[0] = '\r';
        b[1] = 1;
        System.arraycopy(run, 0, b, 2, run.length);
        return b;
    }

    /** The input to a fresh board, then: does it still answer a typed line? */
    public static void check(byte[] input, Path dir) throws Exception {
        check(input, dir, REPLAY_RECOVER_MS);
    }

    static void check(byte[] input, Path dir, long recoverMs) throws Exception {
        Path fs = Files.createDirectories(dir.resolve("fs"));
        Files.writeString(fs.resolve("boot.py"), "print('boot.py ran')\n");
        BoardEmulator board = BoardEmulator.builder(FlashMemory.inMemory(1 << 20)).mode(BootMode.FIRMWARE)
                .firmware(new MicroPythonFirmware(fs, KeyLogSink.NONE, true)).build();
        FuzzedBoard fb = FuzzedBoard.start(board, "fuzzed-micropython-board");
        Pipe in = fb.in;
        Pipe out = fb.out;
        try {
            fb.feed(input, 300);
            // The user takes over: stop whatever runs, leave the raw REPL, type a line.
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            boolean answered = false;
            long deadline = System.nanoTime() + recoverMs * 1_000_000L;
            while (!answered && System.nanoTime() < deadline) {
                fb.alive();
                seen.reset();
                byte[] keys = "\r\u0003\u0003\u0002print('alive', 6 * 7)\r".getBytes(StandardCharsets.ISO_8859_1);
                in.put(keys, 0, keys.length);
                answered = await(out, seen, "alive 42\r\n", Math.max(1, Math.min(3000, (deadline - System.nanoTime()) / 1_000_000L)));
            }
            fb.alive();
            if (!answered) {
                throw new AssertionError("the board did not answer a typed line within " + recoverMs + " ms: wedged; last output '"
                        + LinkReader.printable(seen.toByteArray()) + "'");
            }
        } finally {
            fb.hangUp();
        }
        fb.assertNotDied();
    }

    private static boolean await(Pipe out, ByteArrayOutputStream seen, String text, long ms) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        byte[] buf = new byte[4096];
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            int n = out.read(buf, 0, buf.length, left);
            if (n > 0) {
                seen.write(buf, 0, n);
                if (seen.toString(StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
