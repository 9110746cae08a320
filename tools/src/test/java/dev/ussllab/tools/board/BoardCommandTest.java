package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab board` through the command line, against the emulated board on a socat pty. */
@Timeout(90)
class BoardCommandTest {

    @TempDir
    Path dir;
    private EmulatedBoardPty board;

    @BeforeEach
    void start() throws Exception {
        board = new EmulatedBoardPty(dir, true);
    }

    @AfterEach
    void stop() throws Exception {
        board.close();
    }

    private Cli run(String... args) {
        return board.cli(args);
    }

    @Test
    void execPrintsTheProgramsOutput() {
        Cli r = run("exec", "import sys\nprint(sys.platform, 2 ** 70)");
        assertEquals(0, r.exitCode, r::toString);
        assertEquals("esp8266 1180591620717411303424\n", r.out);
    }

    @Test
    void aTracebackOnTheBoardFailsWithTheTraceback() {
        Cli r = run("exec", "print('before')\nopen('missing.txt')");
        assertEquals(1, r.exitCode, r::toString);
        assertEquals("before\n", r.out);
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 2, in <module>\nOSError: [Errno 2] ENOENT\n"
                + "ussl-lab board exec: the program on " + board.port + " raised OSError: [Errno 2] ENOENT (the traceback above shows where)\n", r.err);
    }

    @Test
    void filesRoundTripWithVerification() throws Exception {
        byte[] data = new byte[20_000];
        new Random(1).nextBytes(data);
        Path local = Files.write(dir.resolve("data.bin"), data);
        Cli put = run("put", local.toString(), "d.bin");
        assertEquals(0, put.exitCode, put::toString);
        assertTrue(put.out.startsWith("put " + local + " -> :d.bin (20000 bytes, size and sha256 verified"), put.out);
        assertEquals(0, run("mkdir", "lib").exitCode);
        Cli ls = run("ls");
        assertEquals("ls :\n       20000 d.bin\n           0 lib/\n", ls.out);
        // A REMOTE ending in '/' is a directory, as in mpremote's `cp data.bin :lib/`.
        Cli intoDir = run("put", local.toString(), "lib/");
        assertEquals(0, intoDir.exitCode, intoDir::toString);
        assertArrayEquals(data, Files.readAllBytes(board.fs.resolve("lib/data.bin")));
        Path back = dir.resolve("back.bin");
        Cli get = run("get", "d.bin", back.toString());
        assertEquals(0, get.exitCode, get::toString);
        assertArrayEquals(data, Files.readAllBytes(back));
        Files.writeString(board.fs.resolve("hello.py"), "print('héllo')\n");
        assertEquals("print('héllo')\n", run("cat", "hello.py").out);
        assertEquals(0, run("rm", "d.bin").exitCode);
        assertFalse(Files.exists(board.fs.resolve("d.bin")));
    }

    @Test
    void runAndResetRunMainPy() throws Exception {
        Path prog = Files.writeString(dir.resolve("prog.py"), "for i in range(3):\n    print('line', i)\n");
        Cli r = run("run", prog.toString());
        assertEquals("line 0\nline 1\nline 2\n", r.out);
        Files.writeString(board.fs.resolve("main.py"), "print('main.py says hi')\n");
        Cli reset = run("reset");
        assertEquals(0, reset.exitCode, reset::toString);
        assertTrue(reset.out.startsWith("main.py says hi\n"), reset.out);
        // A main.py that loops forever: interrupted, and the hint names the option that would watch it longer.
        Files.writeString(board.fs.resolve("main.py"), "print('looping')\nwhile True:\n    pass\n");
        Cli loop = run("reset", "--run-timeout", "1");
        assertEquals(1, loop.exitCode, loop::toString);
        assertTrue(loop.err.contains("the board on " + board.port + " did not reach the >>> prompt within 1 s of the reset")
                && loop.err.contains("use --run-timeout"), loop.err);
        Files.delete(board.fs.resolve("main.py"));
        assertEquals("back\n", run("exec", "print('back')").out, "Ctrl-C left the board usable");
    }

    @Test
    void badInputIsNamed() {
        Cli missing = run("put", dir.resolve("nope.py").toString());
        assertEquals(2, missing.exitCode);
        assertEquals("ussl-lab board put: no such file " + dir.resolve("nope.py") + " (give the path of a local file)\n", missing.err);
        Cli rm = run("rm", "ghost.txt");
        assertEquals(1, rm.exitCode);
        assertTrue(rm.err.contains("removing ghost.txt failed on the board: OSError: [Errno 2] ENOENT"), rm.err);
        Cli timeout = run("--timeout", "0", "ls");
        assertEquals(2, timeout.exitCode, timeout::toString);
        Cli noSub = Cli.run("board", "--port", board.port, "fs");
        assertEquals(2, noSub.exitCode);
    }

    @Test
    void aPortWithoutAnyBoardNamesWhatItWasDoing() throws Exception {
        try (EmulatedBoardPty silent = new EmulatedBoardPty(dir.resolve("silent"), false)) {
            Cli r = Cli.run("board", "--port", silent.port, "--timeout", "1", "ls");
            assertEquals(1, r.exitCode, r::toString);
            assertTrue(r.err.startsWith("ussl-lab board ls: the board on " + silent.port
                    + " did not answer while entering the raw REPL (sent Ctrl-C, Ctrl-A) (waited 1 s, nothing arrived)"), r.err);
        }
        Cli none = Cli.run("board", "--port", dir.resolve("ttyNothing").toString(), "ls");
        assertEquals(1, none.exitCode, none::toString);
        assertTrue(none.err.contains("no such port"), none.err);
    }

    @Test
    void garbageOnTheLineEndsInAnErrorQuotingIt() throws Exception {
        Path link = dir.resolve("ttyGarbage");
        Process noise = new ProcessBuilder(dev.ussllab.testsupport.Peers.require("socat"), "pty,raw,echo=0,link=" + link,
                "EXEC:yes garbage").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.exists(link) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Cli r = Cli.run("board", "--port", link.toString(), "--timeout", "1", "ls");
            assertEquals(1, r.exitCode, r::toString);
            assertTrue(r.err.contains("did not answer while entering the raw REPL (sent Ctrl-C, Ctrl-A) (waited 1 s; last output: '...")
                    && r.err.contains("garbage\\ngarbage"), r.err);
        } finally {
            noise.destroy();
            noise.waitFor();
        }
    }
}
