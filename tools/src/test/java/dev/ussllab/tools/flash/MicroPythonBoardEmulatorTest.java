package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented setup, end to end in separate processes: `socat pty,... EXEC:"ussl-lab
 * board-emulator --stdio --mode firmware --fs DIR"` and `ussl-lab board --port PTY ...` talking
 * to it.
 */
@Timeout(120)
class MicroPythonBoardEmulatorTest {

    @TempDir
    Path dir;

    @Test
    void boardCommandsReachMicroPythonInTheEmulatorProcess() throws Exception {
        Path fs = dir.resolve("board-files");
        try (BoardProcess board = BoardProcess.pty(dir, "--mode", "firmware", "--fs", fs.toString())) {
            String port = board.port.toString();
            Cli exec = Cli.run("board", "--port", port, "exec", "import sys\nprint(sys.platform, sys.implementation.version)");
            assertEquals("esp8266 (1, 22, 2, '')\n", exec.out, exec::toString);
            Path local = Files.writeString(dir.resolve("main.py"), "print('main from the folder')\n");
            assertEquals(0, Cli.run("board", "--port", port, "put", local.toString()).exitCode);
            assertEquals("print('main from the folder')\n", Files.readString(fs.resolve("main.py")));
            Cli reset = Cli.run("board", "--port", port, "reset");
            assertTrue(reset.out.startsWith("main from the folder\n"), reset::toString);
        }
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Cli bad = Cli.run("board-emulator", "--tcp", "0", "--mode", "firmware", "--fs", file.toString());
        assertEquals(2, bad.exitCode, bad::toString);
        assertTrue(bad.err.contains("--fs " + file + " is a file"), bad.err);
        // The default folder beside --flash is a file: refused before a new flash file is made.
        Files.writeString(dir.resolve("other.fs"), "x");
        Cli beside = Cli.run("board-emulator", "--tcp", "0", "--mode", "firmware", "--flash", dir.resolve("other.bin").toString());
        assertEquals(2, beside.exitCode, beside::toString);
        assertTrue(beside.err.contains("beside --flash, " + dir.resolve("other.fs") + " is a file"), beside.err);
        assertFalse(Files.exists(dir.resolve("other.bin")));
        Cli memory = Cli.run("board-emulator", "--tcp", "0", "--mode", "firmware", "--memory", "1");
        assertEquals(2, memory.exitCode, memory::toString);
        assertTrue(memory.err.contains("--memory 1 is out of range"), memory.err);
    }

    @Test
    void helpSaysWhatRunsTheFirmware() {
        Cli help = Cli.run("board-emulator", "--help");
        String text = help.out.replaceAll("\\s+", " ");
        assertTrue(text.contains("Firmware mode runs MicroPython's own VM") && text.contains("requests and umqtt run unmodified")
                && text.contains("--memory=MB"), help.out);
        assertFalse(help.err.contains("WARN"), help.err);
    }

    @Test
    void firmwareModeRunsMicroPythonWithItsFilesBesideTheFlash() throws Exception {
        Path flash = dir.resolve("board.bin");
        try (BoardProcess board = BoardProcess.pty(dir, "--mode", "firmware", "--flash", flash.toString())) {
            Path local = Files.writeString(dir.resolve("boot.py"), "print('booted')\n");
            Cli put = Cli.run("board", "--port", board.port.toString(), "put", local.toString());
            assertEquals(0, put.exitCode, put::toString);
        }
        assertEquals("print('booted')\n", Files.readString(dir.resolve("board.fs").resolve("boot.py")));
        // Power it up again: the files are still there, as on a real board.
        try (BoardProcess board = BoardProcess.pty(dir, "--mode", "firmware", "--flash", flash.toString())) {
            Cli ls = Cli.run("board", "--port", board.port.toString(), "ls");
            assertTrue(ls.out.endsWith(" boot.py\n"), ls::toString);
        }
    }

    @Test
    void firmwareModeWithTheFlashInMemoryUsesATemporaryFolderRemovedAtExit() throws Exception {
        Path folder;
        try (BoardProcess board = BoardProcess.tcp(dir, "--mode", "firmware")) {
            Cli exec = Cli.run("board", "--port", "socket://127.0.0.1:" + board.tcpPort, "exec",
                    "f = open('note.txt', 'w')\nf.write('kept for now')\nf.close()\nimport os\nprint(os.listdir())");
            assertEquals("['note.txt']\n", exec.out, exec::toString);
            String log = Files.readString(dir.resolve("board.log"));
            Matcher m = Pattern.compile("temporary folder (\\S+) \\(removed at exit").matcher(log);
            assertTrue(m.find(), log);
            folder = Path.of(m.group(1));
            assertEquals("kept for now", Files.readString(folder.resolve("note.txt")));
        }
        assertFalse(Files.exists(folder), folder + " is left behind");
    }
}
