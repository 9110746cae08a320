package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialPorts;
import dev.ussllab.tools.Cli;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code board mount} (mpremote's mount, issue 12) against the emulated board on a socat pty: the
 * board's hook asks for files over the serial line and this side answers from the folder, while
 * exec, run or the terminal reads the line.
 */
@Timeout(120)
class BoardMountTest {

    @TempDir
    Path dir;
    private EmulatedBoardPty board;
    private Path local;

    @BeforeEach
    void start() throws Exception {
        board = new EmulatedBoardPty(dir, true);
        local = Files.createDirectories(dir.resolve("laptop"));
        Files.writeString(local.resolve("mod.py"), "X = 42\n\ndef hi():\n    return 'hi from the laptop'\n");
        Files.createDirectories(local.resolve("pkg"));
        Files.writeString(local.resolve("pkg/__init__.py"), "NAME = 'pkg'\n");
    }

    @AfterEach
    void stop() throws Exception {
        board.close();
    }

    private Cli run(String... args) {
        return board.cli(args);
    }

    @Test
    void theBoardImportsFromTheFolderAndListsIt() {
        Cli r = run("mount", local.toString(), "+", "exec",
                "import mod, pkg, os\nprint(mod.X, mod.hi(), pkg.NAME)\nprint(os.getcwd(), sorted(os.listdir()), sorted(os.listdir('/remote/pkg')))");
        assertEquals(0, r.exitCode, r::toString);
        assertEquals("Local directory " + local + " is mounted at /remote\n"
                + "42 hi from the laptop pkg\n/remote ['mod.py', 'pkg'] ['__init__.py']\n", r.out);
        assertFalse(Files.exists(board.fs.resolve("mod.py")), "nothing was copied to the board");
        // The chain's end unmounted it: the next connection finds the board's own files.
        Cli after = run("exec", "import os\nprint(os.getcwd(), 'remote' in os.listdir('/'))");
        assertEquals("/ False\n", after.out, after::toString);
    }

    @Test
    void a200KbBinaryFileReadsByteIdenticalOnTheBoard() throws Exception {
        byte[] data = new byte[200 * 1024];
        new Random(12).nextBytes(data);
        Files.write(local.resolve("big.bin"), data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Cli r = run("mount", local.toString(), "+", "exec",
                "import hashlib, binascii\nd = open('big.bin', 'rb').read()\n"
                        + "print(len(d), binascii.hexlify(hashlib.sha256(d).digest()).decode())\n"
                        + "f = open('big.bin', 'rb')\nf.seek(100000)\nb = bytearray(16)\nprint(f.readinto(b), binascii.hexlify(b).decode())\nf.close()");
        assertEquals(0, r.exitCode, r::toString);
        String[] lines = r.out.split("\n");
        assertEquals(data.length + " " + sha, lines[1], r.out);
        byte[] at = java.util.Arrays.copyOfRange(data, 100000, 100016);
        assertEquals("16 " + HexFormat.of().formatHex(at), lines[2], r.out);
    }

    @Test
    void aMissingFileIsEnoentOnTheBoardAndALinkOutIsRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "not for the board\n");
        Files.createSymbolicLink(local.resolve("link.txt"), outside);
        String probe = "for n in ('nope.txt', 'link.txt'):\n try:\n  print(open(n).read().strip())\n except OSError as e:\n  print(n, e.errno, e)";
        Cli r = run("mount", local.toString(), "+", "exec", probe);
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.endsWith("nope.txt 2 [Errno 2] ENOENT\nlink.txt 1 [Errno 1] EPERM\n"), r.out);
        Cli unsafe = run("mount", "-l", local.toString(), "+", "exec", probe);
        assertTrue(unsafe.out.endsWith("nope.txt 2 [Errno 2] ENOENT\nnot for the board\n"), unsafe::toString);
        Cli failing = run("mount", local.toString(), "+", "exec", "open('nope.txt')");
        assertEquals(1, failing.exitCode, failing::toString);
        assertTrue(failing.err.contains("OSError: [Errno 2] ENOENT"), failing.err);
    }

    @Test
    void aMissingFolderIsOneLineAndExit2() {
        Cli r = run("mount", dir.resolve("no-such-folder").toString(), "+", "exec", "print(1)");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals("", r.out);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("no folder " + dir.resolve("no-such-folder") + " to mount"), r.err);
    }

    @Test
    void runAScriptThatImportsFromTheFolderAndWriteBack() throws Exception {
        Path script = Files.writeString(dir.resolve("script.py"),
                "import mod\nprint('run sees', mod.X)\nwith open('out.txt', 'w') as f:\n    f.write('written by the board\\n')\nimport os\nos.mkdir('made')\n");
        Cli r = run("mount", local.toString(), "+", "run", script.toString());
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.endsWith("run sees 42\n"), r.out);
        assertEquals("written by the board\n", Files.readString(local.resolve("out.txt")));
        assertTrue(Files.isDirectory(local.resolve("made")));
    }

    @Test
    void theReplImportsFromTheFolderAndLeavesOnCtrlX() throws Exception {
        InputStream original = System.in;
        Path done = local.resolve("done.txt");
        try {
            // One line (keys typed ahead would be read by the hook as answers, on a real board too); it
            // writes into the folder, and Ctrl-X goes only once that file is there.
            System.setIn(new KeysUntil("import mod; open('done.txt', 'w').write(mod.hi())\n", done, "\u0018"));
            Cli r = run("mount", local.toString());
            assertEquals(0, r.exitCode, r::toString);
            assertTrue(r.out.contains(">>> import mod; open('done.txt', 'w').write(mod.hi())\n18\n>>> "), r.out);
            assertEquals("hi from the laptop", Files.readString(done));
        } finally {
            System.setIn(original);
        }
    }

    /**
     * Ctrl-D in the REPL soft-resets the board, which forgets the mount; as mpremote does, the
     * terminal mounts the folder again once the board is back at its prompt. Driven here as the
     * terminal's reading thread drives it: the board's output fed to the watcher.
     */
    @Test
    void aSoftResetInTheReplMountsTheFolderAgain() throws Exception {
        BoardSession s = new BoardSession(new SerialPorts(List::of));
        s.configure(board.port, BoardCommand.DEFAULT_BAUD, Duration.ofSeconds(30));
        try {
            s.mount(local, false);
            SerialLink link = s.friendly();
            StringBuilder screen = new StringBuilder();
            Consumer<byte[]> watch = BoardRepl.remounting(s, b -> screen.append(new String(b, StandardCharsets.ISO_8859_1)));
            link.write(new byte[] {4}); // Ctrl-D at the friendly prompt: soft reboot
            byte[] buf = new byte[1024];
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!screen.toString().contains("Remount local directory") && System.nanoTime() < deadline) {
                int n = link.read(buf, 0, buf.length, Duration.ofMillis(200));
                if (n > 0) {
                    watch.accept(Arrays.copyOf(buf, n));
                }
            }
            assertTrue(screen.toString().contains("MPY: soft reboot\r\n"), screen::toString);
            assertTrue(screen.toString().endsWith("Remount local directory " + local + " at /remote\r\n>>> "), screen::toString);
            assertEquals("42 /remote", s.raw().execOk("import mod, os\nprint(mod.X, os.getcwd())", "importing after the remount").strip());
        } finally {
            s.close();
        }
    }

    /** Keys: the first text, then (once {@code until} exists, or after a minute) the last. */
    static final class KeysUntil extends InputStream {
        private final byte[] first;
        private final byte[] last;
        private final Path until;
        private int pos;

        KeysUntil(String first, Path until, String last) {
            this.first = first.getBytes(StandardCharsets.UTF_8);
            this.last = last.getBytes(StandardCharsets.UTF_8);
            this.until = until;
        }

        @Override
        public int read() {
            if (pos < first.length) {
                return first[pos++];
            }
            if (pos == first.length) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!(Files.exists(until) && until.toFile().length() > 0) && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
            }
            int i = pos++ - first.length;
            return i < last.length ? last[i] : -1;
        }
    }
}
