package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
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
    }
}
