package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `board repl` on a real terminal: tmux gives it one, keys are typed into it, and what a person
 * would see is read back from the screen. Checks what the piped test cannot: raw mode (Ctrl-C
 * reaches the board instead of killing us), lines starting at the left edge, and the terminal's
 * settings put back after Ctrl-].
 */
@Timeout(90)
class BoardReplTerminalTest {

    @TempDir
    Path dir;

    @Test
    void typingCtrlCAndCtrlBracketOnARealTerminal() throws Exception {
        String tmux = Peers.require("tmux");
        String socket = "ussl-lab-repl-" + ProcessHandle.current().pid();
        try (EmulatedBoardPty board = new EmulatedBoardPty(dir, true)) {
            Path before = dir.resolve("stty-before");
            Path after = dir.resolve("stty-after");
            Path script = Files.writeString(dir.resolve("repl.sh"), "stty -g > '" + before + "'\n"
                    + javaCommand("board", "--port", board.port, "repl") + "\n"
                    + "echo \"EXIT=$?\"\nstty -g > '" + after + "'\nsleep 600\n");
            run(tmux, "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "40", "sh " + script);
            try {
                Screen screen = new Screen(tmux, socket);
                screen.await(s -> s.contains(">>>"), "the prompt");
                run(tmux, "-L", socket, "send-keys", "-t", "0", "print(6 * 7)", "Enter");
                // The echo and the answer each start at the left edge (a raw terminal needs the board's \r\n).
                screen.await(s -> s.contains("\n>>> print(6 * 7)\n42\n>>>"), "the echo and 42");
                run(tmux, "-L", socket, "send-keys", "-t", "0", "while True:", "Enter", "pass", "Enter", "Enter");
                Thread.sleep(300);
                run(tmux, "-L", socket, "send-keys", "-t", "0", "C-c");
                screen.await(s -> s.matches("(?s).*\nKeyboardInterrupt: ?\n>>>.*"), "the board's KeyboardInterrupt");
                run(tmux, "-L", socket, "send-keys", "-t", "0", "C-]");
                String last = screen.await(s -> s.contains("EXIT=0"), "the exit after Ctrl-]");
                assertTrue(last.contains("Left the REPL."), last);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                // The shell creates the file before stty writes into it: wait for its content.
                while ((!Files.exists(after) || Files.size(after) == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(Files.readString(before), Files.readString(after), "the terminal's settings are put back");
            } finally {
                new ProcessBuilder(tmux, "-L", socket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaCommand(String... args) {
        StringBuilder sh = new StringBuilder("exec");
        sh.append(" '").append(Path.of(System.getProperty("java.home"), "bin", "java")).append('\'');
        for (String a : List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.ussllab.tools.UsslLab")) {
            sh.append(" '").append(a).append('\'');
        }
        for (String a : args) {
            sh.append(" '").append(a).append('\'');
        }
        return "(" + sh + ")";
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + said);
    }

    /** The tmux pane's text, polled until it shows what the test waits for. */
    private record Screen(String tmux, String socket) {
        String await(Predicate<String> shown, String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String text = "";
            while (System.nanoTime() < deadline) {
                Process p = new ProcessBuilder(tmux, "-L", socket, "capture-pane", "-p", "-t", "0").start();
                text = new String(p.getInputStream().readAllBytes());
                p.waitFor(10, TimeUnit.SECONDS);
                if (shown.test(text)) {
                    return text;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the terminal never showed " + what + ":\n" + text);
        }
    }
}
