package dev.ussllab.device.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyboard.py's and mpremote's file commands as they really run: each program text sent as its
 * own raw-REPL exec over a pseudo-terminal, the board keeping the globals (f, r, w, h) between
 * them. The texts are copied from micropython's tools/pyboard.py (fs_ls, fs_cat, fs_get, fs_put,
 * fs_mkdir, fs_rmdir, fs_rm, fs_touch, with paths in '%s') and tools/mpremote/mpremote/
 * transport.py (fs_listdir, fs_stat, fs_printfile, fs_readfile, fs_writefile, fs_mkdir, fs_rmdir,
 * fs_rmfile, fs_touchfile, fs_hashfile, with paths as repr() writes them); mpremote's eval(X)
 * sends print(repr(X)). Bytes sent by put are written as Python 3's repr() writes them.
 */
@Timeout(60)
class ToolFsProgramsPtyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private PtyBoard board;
    private SerialLink hostSide;
    private RawRepl repl;

    @BeforeEach
    void start() throws Exception {
        board = new PtyBoard(dir, true);
        hostSide = SerialLinks.open(board.hostPort.toString(), 115200);
        repl = new RawRepl(hostSide, TIMEOUT);
        repl.enter();
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

    /** Runs one program; fails on a traceback; the stdout with the board's \r\n. */
    private String exec(String program) {
        ExecResult r = repl.exec(program, TIMEOUT, null);
        assertFalse(r.failed(), () -> program + "\n-> " + r.stderr());
        return r.stdout();
    }

    @Test
    void pyboardPyFilesystemCommands() throws Exception {
        byte[] data = sample(700);
        // fs_put: open, one w(repr(chunk)) exec per 256 bytes, close.
        exec("f=open('%s','wb')\nw=f.write".formatted("data.bin"));
        for (int off = 0; off < data.length; off += 256) {
            exec("w(" + PyBytesRepr.of(Arrays.copyOfRange(data, off, Math.min(data.length, off + 256))) + ")");
        }
        exec("f.close()");
        assertArrayEquals(data, Files.readAllBytes(board.fs.resolve("data.bin")));
        exec("import uos\nuos.mkdir('%s')".formatted("lib"));
        exec("f=open('%s','a')\nf.close()".formatted("lib/empty.py"));
        // fs_ls, with pyboard.py's `f[3]if` and `'/'if` written without spaces.
        assertEquals("         700 data.bin\r\n           0 lib/\r\n", exec("import uos\nfor f in uos.ilistdir(%s):\n".formatted("")
                + " print('{:12} {}{}'.format(f[3]if len(f)>3 else 0,f[0],'/'if f[1]&0x4000 else ''))"));
        Files.writeString(board.fs.resolve("main.py"), "print('héllo')\n");
        // The board's stdout turns "\n" into "\r\n", as MicroPython's cooked UART output does.
        assertEquals("print('héllo')\r\n", exec("with open('%s') as f:\n while 1:\n".formatted("main.py")
                + "  b=f.read(%u)\n  if not b:break\n  print(b,end='')".replace("%u", "256")));
        // fs_get: the size, then print(r(256)) execs until b'' comes back.
        assertEquals("700\r\n", exec("import os\nprint(os.stat('%s')[6])".formatted("data.bin")));
        exec("f=open('%s','rb')\nr=f.read".formatted("data.bin"));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            String line = exec("print(r(%d))".formatted(256));
            assertTrue(line.endsWith("\r\n"), line);
            byte[] chunk = PyBytesRepr.parse(line.substring(0, line.length() - 2));
            if (chunk.length == 0) {
                break;
            }
            got.write(chunk);
        }
        exec("f.close()");
        assertArrayEquals(data, got.toByteArray());
        exec("import uos\nuos.remove('%s')".formatted("lib/empty.py"));
        exec("import uos\nuos.rmdir('%s')".formatted("lib"));
        exec("import uos\nuos.remove('%s')".formatted("data.bin"));
        assertFalse(Files.exists(board.fs.resolve("lib")) || Files.exists(board.fs.resolve("data.bin")));
    }

    @Test
    void mpremoteFilesystemCommands() throws Exception {
        byte[] data = sample(600);
        exec("f=open(%s,'wb')\nw=f.write".formatted("'up.bin'"));
        for (int off = 0; off < data.length; off += 256) {
            exec("w(" + PyBytesRepr.of(Arrays.copyOfRange(data, off, Math.min(data.length, off + 256))) + ")");
        }
        exec("f.close()");
        assertArrayEquals(data, Files.readAllBytes(board.fs.resolve("up.bin")));
        // cp verifies with fs_hashfile: three execs sharing h and buf.
        exec("import hashlib\nh = hashlib.%s()".formatted("sha256"));
        exec(("buf = memoryview(bytearray({chunk_size}))\nwith open({path}, 'rb') as f:\n while True:\n  n = f.readinto(buf)\n"
                + "  if n == 0:\n   break\n  h.update(buf if n == {chunk_size} else buf[:n])\n")
                .replace("{chunk_size}", "256").replace("{path}", "'up.bin'"));
        String digest = exec("print(repr(h.digest()))");
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), PyBytesRepr.parse(digest.strip()));
        exec("import os\nos.mkdir(%s)".formatted("'sub'"));
        exec("f=open(%s,'a')\nf.close()".formatted("'sub/t.txt'"));
        assertEquals("('sub', 16384, 0, 0),('up.bin', 32768, 0, 600),",
                exec("import os\nfor f in os.ilistdir(%s):\n print(repr(f), end=',')".formatted("")));
        exec("import os");
        assertTrue(exec("print(repr(os.stat(%s)))".formatted("'up.bin'")).startsWith("(32768, 0, 0, 0, 0, 0, 600, "));
        Files.writeString(board.fs.resolve("boot.py"), "# boot\n");
        assertEquals("# boot\r\n", exec("with open(%s) as f:\n while 1:\n  b=f.read(%d)\n  if not b:break\n  print(b,end='')"
                .formatted("'boot.py'", 256)));
        // fs_readfile: r bound in one exec, eval("r(256)") in the next ones.
        exec("f=open(%s,'rb')\nr=f.read".formatted("'up.bin'"));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk;
        while ((chunk = PyBytesRepr.parse(exec("print(repr(r(256)))").strip())).length > 0) {
            got.write(chunk);
        }
        exec("f.close()");
        assertArrayEquals(data, got.toByteArray());
        exec("import os\nos.remove(%s)".formatted("'sub/t.txt'"));
        exec("import os\nos.rmdir(%s)".formatted("'sub'"));
        exec("import os\nos.remove(%s)".formatted("'up.bin'"));
        assertEquals("('boot.py', 32768, 0, 7),", exec("import os\nfor f in os.ilistdir(%s):\n print(repr(f), end=',')".formatted("")));
        // A missing file: the OSError text mpremote turns into its own "No such file" (it looks for ENOENT).
        ExecResult missing = repl.exec("import os\nos.remove('gone.py')", TIMEOUT, null);
        assertEquals("OSError: [Errno 2] ENOENT", missing.errorLine());
    }

    /** Every byte value, so each escape repr() writes is sent. */
    private static byte[] sample(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < 256 && i < n; i++) {
            b[i] = (byte) i;
        }
        Random r = new Random(n);
        for (int i = 256; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
