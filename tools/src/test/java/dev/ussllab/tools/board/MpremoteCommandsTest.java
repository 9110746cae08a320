package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.serial.SerialPorts;
import dev.ussllab.tools.Cli;
import dev.ussllab.tools.UsslLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mpremote's commands and habits (issue 12 section 2), each against the emulated board on a socat
 * pty: ':' for board paths, the fs prefix, chaining with '+', the port left out, --help with no
 * board. Expected outputs are mpremote's (commands.py: "ls :", "{:12} {}", "cp SRC DEST",
 * "Up to date: x", the tree connectors, df's header).
 */
@Timeout(120)
class MpremoteCommandsTest {

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

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void cpRoundTripsAreByteIdenticalBinaryAndTextEmptyAndLarge() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            text.append("line ").append(i).append(" héllo 'quotes' \\ back\\slash\ttab\r\n");
        }
        List<byte[]> cases = List.of(new byte[0], "print('hi')\n".getBytes(StandardCharsets.UTF_8),
                random(200 * 1024, 7), text.toString().getBytes(StandardCharsets.UTF_8));
        int n = 0;
        for (byte[] data : cases) {
            Path local = Files.write(dir.resolve("in" + n + ".bin"), data);
            Cli up = run("cp", local.toString(), ":f" + n + ".bin");
            assertEquals(0, up.exitCode, up::toString);
            assertEquals("cp " + local + " :f" + n + ".bin\n", up.out);
            assertArrayEquals(data, Files.readAllBytes(board.fs.resolve("f" + n + ".bin")), "on the board, case " + n);
            Path back = dir.resolve("back" + n + ".bin");
            Cli down = run("cp", ":f" + n + ".bin", back.toString());
            assertEquals(0, down.exitCode, down::toString);
            assertArrayEquals(data, Files.readAllBytes(back), "back here, case " + n);
            n++;
        }
        // Unchanged: skipped as mpremote does; -f copies anyway.
        Path same = dir.resolve("in1.bin");
        assertEquals("cp " + same + " :f1.bin\nUp to date: f1.bin\n", run("cp", same.toString(), ":f1.bin").out);
        assertEquals("cp " + same + " :f1.bin\n", run("cp", "-f", same.toString(), ":f1.bin").out);
    }

    @Test
    void cpWithTheColonFormsMpremoteUsersType() throws Exception {
        Files.writeString(dir.resolve("x.py"), "print('x')\n");
        Files.writeString(dir.resolve("y.py"), "print('y')\n");
        // cp x.py :main.py, cp x.py : (same name), cp a b :lib/ (several into a directory)
        assertEquals(0, run("cp", dir.resolve("x.py").toString(), ":main.py").exitCode);
        assertEquals("print('x')\n", Files.readString(board.fs.resolve("main.py")));
        assertEquals(0, run("cp", dir.resolve("x.py").toString(), ":").exitCode);
        assertTrue(Files.exists(board.fs.resolve("x.py")));
        assertEquals(0, run("mkdir", ":lib").exitCode);
        Cli two = run("cp", dir.resolve("x.py").toString(), dir.resolve("y.py").toString(), ":lib/");
        assertEquals(0, two.exitCode, two::toString);
        assertTrue(Files.exists(board.fs.resolve("lib/x.py")) && Files.exists(board.fs.resolve("lib/y.py")));
        // cp :boot.py . (into the current folder here)
        Files.writeString(board.fs.resolve("boot.py"), "# boot\n");
        Path here = Files.createDirectories(dir.resolve("here"));
        assertEquals(0, run("cp", ":boot.py", here.toString()).exitCode);
        assertEquals("# boot\n", Files.readString(here.resolve("boot.py")));
        // mistakes: no ':' anywhere, a directory without -r, a trailing '/' on a board file
        Cli noColon = run("cp", dir.resolve("x.py").toString(), "main.py");
        assertEquals(2, noColon.exitCode, noColon::toString);
        assertTrue(noColon.err.startsWith("ussl-lab board cp: cp: no board path: put ':' before the board side"), noColon.err);
        Cli dirNoR = run("cp", here.toString(), ":");
        assertEquals(2, dirNoR.exitCode, dirNoR::toString);
        assertTrue(dirNoR.err.contains("is a directory (-r not specified; omitting directory) (add -r"), dirNoR.err);
        Cli notDir = run("cp", dir.resolve("x.py").toString(), ":main.py/");
        assertEquals(1, notDir.exitCode, notDir::toString);
        assertEquals(1, notDir.err.lines().count(), notDir.err);
    }

    @Test
    void cpRecursiveBothWays() throws Exception {
        Path src = Files.createDirectories(dir.resolve("pkg/sub"));
        Files.writeString(dir.resolve("pkg/a.py"), "A = 1\n");
        Files.write(dir.resolve("pkg/sub/b.bin"), random(3000, 3));
        Cli up = run("cp", "-r", dir.resolve("pkg").toString(), ":");
        assertEquals(0, up.exitCode, up::toString);
        assertEquals("A = 1\n", Files.readString(board.fs.resolve("pkg/a.py")));
        assertArrayEquals(Files.readAllBytes(src.resolve("b.bin")), Files.readAllBytes(board.fs.resolve("pkg/sub/b.bin")));
        Path down = dir.resolve("down");
        Cli back = run("fs", "cp", "-r", ":pkg", down.toString());
        assertEquals(0, back.exitCode, back::toString);
        assertArrayEquals(Files.readAllBytes(src.resolve("b.bin")), Files.readAllBytes(down.resolve("sub/b.bin")));
        assertEquals("A = 1\n", Files.readString(down.resolve("a.py")));
        Cli tree = run("tree", ":pkg");
        assertEquals("tree :pkg\n:pkg on " + board.port + "\n├── a.py\n└── sub\n    └── b.bin\n", tree.out);
        Cli sizes = run("tree", "--no-verbose", "-s", ":pkg");
        assertEquals(":pkg\n├── [        6]  a.py\n└── sub\n    └── [     3000]  b.bin\n", sizes.out);
        Cli rm = run("rm", "-r", ":pkg");
        assertEquals(0, rm.exitCode, rm::toString);
        assertEquals("rm :pkg\nremoved: 'pkg/a.py'\nremoved: 'pkg/sub/b.bin'\nremoved directory: 'pkg/sub'\nremoved directory: 'pkg'\n", rm.out);
        assertFalse(Files.exists(board.fs.resolve("pkg")));
    }

    @Test
    void theSmallFilesystemCommands() throws Exception {
        Files.writeString(board.fs.resolve("main.py"), "print('main')\n");
        assertEquals("mkdir :lib\n", run("mkdir", ":lib").out);
        assertEquals("touch :lib/empty.py\n", run("touch", ":lib/empty.py").out);
        assertEquals(0, Files.size(board.fs.resolve("lib/empty.py")));
        assertEquals("ls :lib\n           0 empty.py\n", run("ls", ":lib").out);
        assertEquals("ls :lib\n           0 empty.py\n", run("fs", "ls", "lib").out, "fs prefix, ':' optional as in mpremote");
        assertEquals("print('main')\n", run("cat", ":main.py").out);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("print('main')\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("sha256sum :main.py\n" + sha + "\n", run("sha256sum", ":main.py").out);
        assertEquals("rm :lib/empty.py\n", run("rm", ":lib/empty.py").out);
        assertEquals("rmdir :lib\n", run("rmdir", ":lib").out);
        assertFalse(Files.exists(board.fs.resolve("lib")));
        Cli df = run("df");
        assertEquals(0, df.exitCode, df::toString);
        // mpremote's header, then the root volume: size = used + avail, as the board's os.statvfs says.
        String[] lines = df.out.split("\n");
        assertEquals("mount \tsize \tused \tavail \tuse%", lines[0], df.out);
        String[] root = lines[1].split("\t", -1);
        assertEquals("", root[0], df.out);
        assertEquals(Long.parseLong(root[1]), Long.parseLong(root[2]) + Long.parseLong(root[3]), df.out);
        Cli missing = run("cat", ":nope.py");
        assertEquals(1, missing.exitCode, missing::toString);
        assertEquals(1, missing.err.lines().count(), missing.err);
        assertTrue(missing.err.contains("ENOENT"), missing.err);
    }

    @Test
    void execEvalRunResetAndChains() throws Exception {
        assertEquals("3\n", run("eval", "1 + 2").out);
        // Each command starts with mpremote's soft reset, so variables do not survive ...
        Cli lost = run("exec", "x = 42", "+", "eval", "x");
        assertEquals("42\n", lost.out, "... within one chain they do");
        Cli fresh = run("eval", "x");
        assertEquals(1, fresh.exitCode, fresh::toString);
        assertTrue(fresh.err.contains("NameError"), fresh.err);
        // resume: no soft reset, the state of the previous command is kept.
        assertEquals(0, run("exec", "y = 7").exitCode);
        assertEquals("7\n", run("resume", "eval", "y").out);
        // soft-reset in a chain clears it; '+' may be left out after complete commands, as in mpremote.
        Cli chain = run("exec", "z = 1", "soft-reset", "+", "exec", "try:\n z\n print(True)\nexcept NameError:\n print(False)");
        assertEquals("False\n", chain.out, chain::toString);
        Path prog = Files.writeString(dir.resolve("prog.py"), "print('ran', 6 * 7)\n");
        Files.writeString(dir.resolve("main.py"), "print('main here')\n");
        Cli cpReset = run("cp", dir.resolve("main.py").toString(), ":", "+", "run", prog.toString(), "+", "reset");
        assertEquals(0, cpReset.exitCode, cpReset::toString);
        assertEquals("cp " + dir.resolve("main.py") + " :\nran 42\nmain here\n(hard reset done; the board is at the >>> prompt)\n", cpReset.out);
        // The first failure stops the chain with its exit code.
        Cli stops = run("exec", "raise ValueError('boom')", "+", "eval", "'not reached'");
        assertEquals(1, stops.exitCode);
        assertFalse(stops.out.contains("not reached"));
        // exec --no-follow starts the program and returns at once.
        assertEquals(0, run("exec", "--no-follow", "import time\ntime.sleep(1)").exitCode);
    }

    @Test
    void connectAndThePortLeftOut() {
        Cli connect = Cli.run("board", "connect", board.port, "+", "eval", "'via connect'");
        assertEquals("via connect\n", connect.out, connect::toString);
        assertEquals("via connect\n", withPorts(List.of(board.port), "board", "eval", "'auto'").replace("auto", "via connect"));
        String none = withPorts(List.of(), "board", "ls");
        assertTrue(none.startsWith("exit 2: ussl-lab board ls: no serial port found and no --port given"), none);
        String two = withPorts(List.of("/dev/ttyUSB0", "/dev/ttyUSB1"), "board", "ls");
        assertTrue(two.startsWith("exit 2: ussl-lab board ls: 2 serial ports present (/dev/ttyUSB0, /dev/ttyUSB1) and no --port given"), two);
        // Ports sysfs knows nothing about (an empty sysfs here): mpremote's None and 0000 fields.
        assertEquals("/dev/ttyUSB0 None 0000:0000 None None\n/dev/ttyUSB1 None 0000:0000 None None\n",
                withPorts(List.of("/dev/ttyUSB1", "/dev/ttyUSB0"), "board", "devs"));
        assertEquals("/dev/ttyUSB0 None 0000:0000 None None\n", withPorts(List.of("/dev/ttyUSB0"), "board", "connect", "list"));
    }

    @Test
    void helpNeedsNoBoard() {
        for (String sub : List.of("tls-client", "cp", "ls", "repl", "exec", "fs", "soft-reset", "tree")) {
            String out = withPorts(List.of(), "board", sub, "--help");
            assertTrue(out.startsWith("Usage: ussl-lab board " + sub), sub + ": " + out);
        }
    }

    /** Runs with a fixed list of present serial ports: stdout on success, "exit N: stderr" otherwise. */
    private static String withPorts(List<String> ports, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = UsslLab.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                new SerialPorts(() -> ports, Path.of("/nonexistent-sysfs"))).execute(args);
        return code == 0 ? out.toString() : "exit " + code + ": " + err;
    }
}
