package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programs mpremote sends for its fs commands, copied from micropython's
 * tools/mpremote/mpremote/transport.py (fs_listdir, fs_stat, fs_printfile, fs_readfile,
 * fs_writefile with verify_hash, fs_hashfile, detect_encoding_capabilities) with the paths
 * filled in as _quote_path (repr) does. mpremote's eval(X) runs print(repr(X)).
 */
class MpremoteProgramsTest {

    @TempDir
    Path fs;

    private String run(String src) {
        return Transcript.run(src, fs);
    }

    @Test
    void listdirAndStat() throws Exception {
        Files.writeString(fs.resolve("boot.py"), "# boot\n");
        Files.createDirectory(fs.resolve("lib"));
        assertEquals("('boot.py', 32768, 0, 7),('lib', 16384, 0, 0),",
                run("import os\nfor f in os.ilistdir('/'):\n print(repr(f), end=',')"));
        assertTrue(run("import os\nprint(repr(tuple(os.stat('boot.py'))))").startsWith("(32768, 0, 0, 0, 0, 0, 7, "));
        assertTrue(run("import os\nprint(repr(tuple(os.stat('nope.py'))))").endsWith("OSError: [Errno 2] ENOENT\n"));
    }

    @Test
    void printfileAndReadfileWithHash() throws Exception {
        Files.writeString(fs.resolve("main.py"), "print('hi')\n");
        assertEquals("print('hi')\n", run("with open('main.py') as f:\n while 1:\n  b=f.read(256)\n  if not b:break\n  print(b,end='')"));
        String out = run("import hashlib\nh=hashlib.sha256()\nf=open('main.py','rb')\nr=f.read\nu=h.update\n"
                + "print(repr(r(256)))\nu(b\"print('hi')\\n\")\nprint(repr(r(256)))\nf.close()\nprint(repr(h.digest()))");
        String digest = bytesRepr(MessageDigest.getInstance("SHA-256").digest("print('hi')\n".getBytes()));
        assertEquals("b\"print('hi')\\n\"\nb''\n" + digest + "\n", out);
    }

    @Test
    void writefileWithHashThenHashfileAsCpDoes() throws Exception {
        String out = run("import hashlib\nh=hashlib.sha256()\nf=open('data.bin','wb')\nw=f.write\nu=h.update\n"
                + "d=b'\\x00\\x01\\xff\\'\\\\'\nw(d)\nu(d)\nf.close()\nprint(repr(h.digest()))");
        byte[] data = {0, 1, (byte) 0xff, '\'', '\\'};
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        assertEquals(bytesRepr(digest) + "\n", out);
        assertEquals(HexFormat.of().formatHex(data), HexFormat.of().formatHex(Files.readAllBytes(fs.resolve("data.bin"))));
        // fs_hashfile: a memoryview over a bytearray, filled by readinto, sliced for the last chunk.
        String hashed = run("import hashlib\nh = hashlib.sha256()\n"
                + "buf = memoryview(bytearray(256))\nwith open('data.bin', 'rb') as f:\n while True:\n  n = f.readinto(buf)\n"
                + "  if n == 0:\n   break\n  h.update(buf if n == 256 else buf[:n])\nprint(repr(h.digest()))");
        assertEquals(bytesRepr(digest) + "\n", hashed);
    }

    @Test
    void encodingProbeFindsTheModulesMpremotePrefers() {
        // mpremote's probe: on the VM io.BytesIO, binascii.a2b_base64 and bytes.fromhex all exist.
        String out = run("print(repr({'bytesio':hasattr(__import__('io'),'BytesIO'),"
                + "'base64':hasattr(__import__('binascii'),'a2b_base64'),'fromhex':hasattr(bytes,'fromhex'),}))");
        assertTrue(out.contains("'bytesio': True") && out.contains("'base64': True") && out.contains("'fromhex': True"), out);
        assertEquals("b'hello'\n", run("from binascii import a2b_base64\nprint(repr(a2b_base64(b'aGVsbG8=')))"));
    }

    /** MicroPython's repr() of bytes (py/objstr.c mp_str_print_quoted). */
    private static String bytesRepr(byte[] data) {
        boolean single = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('\'') < 0
                || new String(data, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('"') >= 0;
        char q = single ? '\'' : '"';
        StringBuilder sb = new StringBuilder("b").append(q);
        for (byte x : data) {
            int c = x & 0xff;
            if (c == q || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(q).toString();
    }
}
