package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.micropython.MicroPythonFirmware;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.tools.Cli;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `board` over a socket:// bridge (as ser2net or board-emulator --tcp give), and the interactive `board repl`. */
@Timeout(60)
class BoardLinkTest {

    @TempDir
    Path dir;

    @Test
    void socketBridgeCarriesTheRawRepl() throws Exception {
        Path fs = Files.createDirectories(dir.resolve("fs"));
        Files.writeString(fs.resolve("boot.py"), "# nothing\n");
        try (FlashMemory flash = FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE);
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BoardEmulator board = BoardEmulator.builder(flash).mode(BootMode.FIRMWARE)
                    .firmware(new MicroPythonFirmware(fs, KeyLogSink.NONE, true)).build();
            Thread bridge = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        board.run(s.getInputStream(), s.getOutputStream());
                    } catch (Exception e) {
                        // next connection, or the test is over
                    }
                }
            });
            bridge.setDaemon(true);
            bridge.start();
            String port = "socket://127.0.0.1:" + server.getLocalPort();
            Cli exec = Cli.run("board", "--port", port, "exec", "print('over tcp', 1 + 1)");
            assertEquals("over tcp 2\n", exec.out, exec::toString);
            Cli ls = Cli.run("board", "--port", port, "ls");
            assertEquals("ls :\n          10 boot.py\n", ls.out, ls::toString);
        }
        Cli bad = Cli.run("board", "--port", "socket://nohost", "ls");
        assertEquals(2, bad.exitCode, bad::toString);
    }

    @Test
    void replPassesKeysAndLeavesOnCtrlBracket() throws Exception {
        InputStream original = System.in;
        try (EmulatedBoardPty board = new EmulatedBoardPty(dir, true)) {
            System.setIn(new SlowKeys("print(6 * 7)\n", 1000, "\u001d"));
            Cli r = Cli.run("board", "--port", board.port, "repl");
            assertEquals(0, r.exitCode, r::toString);
            assertTrue(r.out.contains(">>> print(6 * 7)\n42\n>>> "), r.out);
            assertTrue(r.err.contains("Ctrl-] or Ctrl-X leaves"), r.err);
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void replEndsWithAnErrorWhenTheBoardGoesAwayWhileNoKeyIsTyped() throws Exception {
        InputStream original = System.in;
        CountDownLatch released = new CountDownLatch(1);
        try (EmulatedBoardPty board = new EmulatedBoardPty(dir, true)) {
            // A person who types nothing: the loss must be noticed without waiting for a key.
            System.setIn(new InputStream() {
                @Override
                public int read() throws java.io.IOException {
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return -1;
                }
            });
            Thread unplug = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    board.close();
                } catch (Exception ignored) {
                    // the assertion below reports it
                }
            });
            unplug.start();
            Cli r = Cli.run("board", "--port", board.port, "repl");
            unplug.join();
            assertEquals(1, r.exitCode, r::toString);
            assertTrue(r.err.contains("lost the board on " + board.port + " during the REPL"), r.err);
            assertTrue(r.out.contains(">>> "), r.out);
        } finally {
            released.countDown();
            System.setIn(original);
        }
    }

    /** Keys typed by a person: the first line, a pause while the board answers, then the exit key. */
    static final class SlowKeys extends InputStream {
        private final byte[] first;
        private final byte[] second;
        private final long pauseMs;
        private int pos;

        SlowKeys(String first, long pauseMs, String second) {
            this.first = first.getBytes(StandardCharsets.UTF_8);
            this.second = second.getBytes(StandardCharsets.UTF_8);
            this.pauseMs = pauseMs;
        }

        @Override
        public int read() {
            if (pos < first.length) {
                return first[pos++];
            }
            if (pos == first.length) {
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int i = pos++ - first.length;
            return i < second.length ? second[i] : -1;
        }
    }
}
