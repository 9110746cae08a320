package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.UsslLab;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM or SIGINT on a running `board repl --capture FILE` (a real process, its keys piped):
 * the capture holds the whole session, stderr ends in one line, the exit is 143 or 130. SIGINT is
 * sent through python3, which restores its default disposition first (a background JVM starts
 * with SIGINT ignored and would never see it).
 */
@Timeout(90)
class BoardReplSignalTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalCompletesTheCaptureAndExitsWithOneLine(String signal, int expected) throws Exception {
        String python = Peers.require("python3");
        try (EmulatedBoardPty board = new EmulatedBoardPty(dir, true)) {
            Path capture = dir.resolve("session.txt");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = List.of(python, "-c",
                    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                    java, "-cp", System.getProperty("java.class.path"), UsslLab.class.getName(),
                    "board", "--port", board.port, "repl", "--capture", capture.toString());
            Process p = new ProcessBuilder(cmd).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (java.io.IOException ignored) {
                    // process gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            OutputStream keys = p.getOutputStream();
            keys.write("print(6 * 7)\n".getBytes(StandardCharsets.US_ASCII));
            keys.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!new String(out.toByteArray(), StandardCharsets.UTF_8).contains("42\n>>> ") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(new String(out.toByteArray(), StandardCharsets.UTF_8).contains("42\n>>> "), out.toString());
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the repl stopped");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, p.exitValue(), err);
            List<String> errLines = err.lines().filter(l -> !l.isBlank()).toList();
            assertEquals("ussl-lab board repl: stopped by a signal; left the REPL (" + capture + " is complete)",
                    errLines.get(errLines.size() - 1), err);
            assertEquals(2, errLines.size(), "the connect line and the stop line: " + err);
            String saved = Files.readString(capture);
            assertTrue(saved.contains("print(6 * 7)\r\n42\r\n>>> "), saved);
        }
    }
}
