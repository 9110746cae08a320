package dev.ussllab.device.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.profile.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our raw-REPL driver on one end of a real socat pseudo-terminal pair (jssc native I/O), the
 * emulated board running the MicroPython firmware on the other.
 */
@Timeout(60)
class RawReplPtyTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private PtyBoard board;
    private SerialLink hostSide;
    private Path fs;

    private RawRepl start(boolean rawPaste) throws Exception {
        board = new PtyBoard(dir, rawPaste);
        fs = board.fs;
        hostSide = SerialLinks.open(board.hostPort.toString(), 115200);
        return new RawRepl(hostSide, TIMEOUT);
    }

    @AfterEach
    void stop() throws Exception {
        if (hostSide != null) {
            hostSide.close();
        }
        if (board != null) {
            board.close();
        }
    }

    @Test
    void execSplitsStdoutFromTheTraceback() throws Exception {
        RawRepl repl = start(true);
        repl.enter();
        ExecResult r = repl.exec("print('hello', 6 * 7)\ndef f():\n    return 1 / 0\nf()\n", TIMEOUT, null);
        assertEquals("hello 42\r\n", r.stdout());
        assertEquals("Traceback (most recent call last):\r\n  File \"<stdin>\", line 4, in <module>\r\n"
                + "  File \"<stdin>\", line 3, in f\r\nZeroDivisionError: divide by zero\r\n", r.stderr());
        assertEquals("ZeroDivisionError: divide by zero", r.errorLine());
        assertTrue(repl.usesRawPaste());
    }

    @Test
    void rawPasteMovesAProgramLargerThanManyWindows() throws Exception {
        RawRepl repl = start(true);
        StringBuilder prog = new StringBuilder("total = 0\n");
        for (int i = 0; i < 200; i++) {
            prog.append("total += ").append(i).append("  # padding so the program spans many 128-byte windows\n");
        }
        prog.append("print(total)\n");
        assertEquals("19900\r\n", repl.exec(prog.toString(), TIMEOUT, null).stdout());
        assertTrue(repl.usesRawPaste());
    }

    @Test
    void fallsBackToThePlainRawReplWhenTheBoardAnswersR0() throws Exception {
        RawRepl repl = start(false);
        StringBuilder prog = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            prog.append("x = ").append(i).append("  # more than one 256-byte chunk of program text ......\n");
        }
        prog.append("print('x is', x)\n");
        assertEquals("x is 19\r\n", repl.exec(prog.toString(), TIMEOUT, null).stdout());
        assertFalse(repl.usesRawPaste());
        assertEquals("again\r\n", repl.exec("print('again')", TIMEOUT, null).stdout());
    }

    @Test
    void putGetLsRmOfA100KbFileWithVerification() throws Exception {
        RawRepl repl = start(true);
        BoardFiles files = new BoardFiles(repl);
        byte[] data = new byte[100 * 1024];
        new Random(6).nextBytes(data);
        files.put(data, "blob.bin");
        assertArrayEquals(data, Files.readAllBytes(fs.resolve("blob.bin")));
        assertFalse(Files.exists(fs.resolve("blob.bin" + BoardFiles.TEMP_SUFFIX)), "no temporary file left");
        assertArrayEquals(data, files.get("blob.bin"));
        files.mkdir("lib");
        assertEquals(java.util.List.of(new BoardFiles.Entry("blob.bin", false, data.length), new BoardFiles.Entry("lib", true, 0)),
                files.ls("/"));
        files.rm("blob.bin");
        assertFalse(Files.exists(fs.resolve("blob.bin")));
        LabException e = assertThrows(LabException.class, () -> files.rm("blob.bin"));
        assertEquals("removing blob.bin failed on the board: OSError: [Errno 2] ENOENT", e.getMessage());
    }

    @Test
    void aFailedPutLeavesTheOldFileUntouched() throws Exception {
        RawRepl repl = start(true);
        BoardFiles files = new BoardFiles(repl);
        Files.writeString(fs.resolve("main.py"), "print('old')\n");
        LabException e = assertThrows(LabException.class, () -> files.put(new byte[10], "nodir/main.py"));
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        assertEquals("print('old')\n", Files.readString(fs.resolve("main.py")));
    }

    @Test
    void softResetRunsBootAndMainThenTheReplWorks() throws Exception {
        RawRepl repl = start(true);
        Files.writeString(fs.resolve("boot.py"), "print('boot ran')\n");
        Files.writeString(fs.resolve("main.py"), "import time\ntime.sleep_ms(10)\nprint('main ran')\n");
        String out = repl.softResetRunningMain(TIMEOUT, null);
        assertEquals("boot ran\r\nmain ran\r\n", out);
        assertEquals("ok\r\n", repl.exec("print('ok')", TIMEOUT, null).stdout());
    }

    @Test
    void enteringTheRawReplInterruptsARunningProgram() throws Exception {
        RawRepl repl = start(true);
        LabException e = assertThrows(LabException.class,
                () -> repl.exec("while True:\n    pass\n", Duration.ofMillis(500), null));
        assertTrue(e.getMessage().contains("still running after 0.5 s; interrupted it with Ctrl-C"), e.getMessage());
        assertEquals("alive\r\n", repl.exec("print('alive')", TIMEOUT, null).stdout());
    }
}
