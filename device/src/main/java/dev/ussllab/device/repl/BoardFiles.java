package dev.ussllab.device.repl;

import dev.ussllab.profile.LabException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * File operations on the board through the raw REPL, with the programs mpremote sends. A put
 * writes to a temporary name, checks size and SHA-256 on the board, and only then renames, so a
 * half-written file never sits under the final name.
 */
public final class BoardFiles {

    /** mpremote's chunk: 256 bytes per w(b'...') call, the size the ESP8266 heap handles easily. */
    static final int CHUNK = 256;
    /** Chunks per program: about 4-9 KB of source, which the board compiles without running out of heap. */
    static final int CHUNKS_PER_EXEC = 8;
    static final String TEMP_SUFFIX = ".ussl-part";

    public record Entry(String name, boolean dir, long size) {}

    private final RawRepl repl;

    public BoardFiles(RawRepl repl) {
        this.repl = repl;
    }

    public List<Entry> ls(String dir) {
        String out = repl.execOk("import os\nfor e in os.ilistdir(" + PyLiteral.str(dir) + "):\n"
                + " print(e[1], e[3] if len(e) > 3 else -1, e[0])\n", "listing " + dir);
        List<Entry> r = new ArrayList<>();
        for (String line : out.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split(" ", 3);
            if (p.length < 3) {
                throw unexpected("listing " + dir, line);
            }
            r.add(new Entry(p[2], number(p[0], "listing " + dir, line) == 0x4000, number(p[1], "listing " + dir, line)));
        }
        return r;
    }

    public byte[] read(String path) {
        String out = repl.execOk("import ubinascii\nf = open(" + PyLiteral.str(path) + ", 'rb')\nwhile True:\n"
                + " b = f.read(" + CHUNK + ")\n if not b:\n  break\n print(ubinascii.hexlify(b).decode())\nf.close()\n",
                "reading " + path);
        StringBuilder hex = new StringBuilder();
        for (String line : out.split("\r?\n")) {
            hex.append(line.strip());
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw unexpected("reading " + path, out);
        }
    }

    /** Reads a file and checks it against the board's own size and SHA-256 (or checksum). */
    public byte[] get(String path) {
        byte[] data = read(path);
        Check board = check(path);
        Check local = Check.of(data, board.kind());
        if (!board.equals(local)) {
            throw LabException.failure("get " + path + ": what arrived (" + local + ") differs from the file on the board ("
                    + board + ")", "the serial line lost or changed bytes: try again, or a lower baud rate");
        }
        return data;
    }

    public void put(byte[] data, String path) {
        String temp = path + TEMP_SUFFIX;
        repl.execOk("f = open(" + PyLiteral.str(temp) + ", 'wb')\nw = f.write\n", "creating " + temp);
        try {
            for (int off = 0; off < data.length; ) {
                StringBuilder prog = new StringBuilder();
                for (int c = 0; c < CHUNKS_PER_EXEC && off < data.length; c++) {
                    int n = Math.min(CHUNK, data.length - off);
                    prog.append("w(").append(PyLiteral.bytes(data, off, n)).append(")\n");
                    off += n;
                }
                repl.execOk(prog.toString(), "writing " + temp);
            }
            repl.execOk("f.close()\n", "closing " + temp);
            Check board = check(temp);
            Check local = Check.of(data, board.kind());
            if (!board.equals(local)) {
                throw LabException.failure("put " + path + ": the board holds " + board + " but " + local + " was sent; "
                        + "left " + path + " untouched", "the serial line lost or changed bytes: try again, or a lower baud rate");
            }
            repl.execOk("import os\nos.rename(" + PyLiteral.str(temp) + ", " + PyLiteral.str(path) + ")\n", "renaming " + temp + " to " + path);
        } catch (LabException e) {
            removeQuietly(temp);
            throw e;
        }
    }

    private void removeQuietly(String temp) {
        try {
            repl.exec("try:\n f.close()\nexcept Exception:\n pass\nimport os\ntry:\n os.remove(" + PyLiteral.str(temp)
                    + ")\nexcept OSError:\n pass\n", java.time.Duration.ofSeconds(5), null);
        } catch (LabException ignored) {
            // the original failure is what the user needs to see
        }
    }

    /** os.stat as an entry (name = the path given), or null when there is no such file or directory. */
    public Entry stat(String path) {
        String out = repl.execOk("import os\ntry:\n s = os.stat(" + PyLiteral.str(path) + ")\n print(s[0], s[6])\n"
                + "except OSError:\n print('none')\n", "looking up " + path).strip();
        if (out.equals("none")) {
            return null;
        }
        String[] p = out.split(" ");
        if (p.length != 2) {
            throw unexpected("looking up " + path, out);
        }
        return new Entry(path, (number(p[0], "looking up " + path, out) & 0x4000) != 0, number(p[1], "looking up " + path, out));
    }

    public boolean isDir(String path) {
        Entry e = stat(path);
        return e != null && e.dir();
    }

    public void rmdir(String path) {
        repl.execOk("import os\nos.rmdir(" + PyLiteral.str(path) + ")\n", "removing directory " + path);
    }

    /** mpremote's fs_touchfile: open for append and close (creates an empty file, keeps an existing one). */
    public void touch(String path) {
        repl.execOk("f = open(" + PyLiteral.str(path) + ", 'ab')\nf.close()\n", "touching " + path);
    }

    /** The file's SHA-256 as the board's hashlib computes it (hex), or null when the board has no hashlib.sha256. */
    public String sha256(String path) {
        Check c = check(path);
        return c.kind().equals("sha256") ? c.digest() : null;
    }

    /** The board's current directory (os.getcwd()). */
    public String cwd() {
        return repl.execOk("import os\nprint(os.getcwd())\n", "asking for the current directory").strip();
    }

    /** mpremote's df program, unchanged: mount, size, used, avail, use% of each mounted volume, tab-separated. */
    public String df() {
        return repl.execOk("import os\nprint('mount \\tsize \\tused \\tavail \\tuse%')\nfor _m in [''] + os.listdir('/'):\n"
                + " _s = os.stat('/' + _m)\n if not _s[0] & 1 << 14: continue\n _s = os.statvfs(_m)\n if _s[0]:\n"
                + "  _size = _s[0] * _s[2]; _free = _s[0] * _s[3]; print(_m, _size, _size - _free, _free, int(100 * (_size - _free) / _size), sep='\\t')\n",
                "measuring the filesystem");
    }

    public void rm(String path) {
        repl.execOk("import os\nos.remove(" + PyLiteral.str(path) + ")\n", "removing " + path);
    }

    public void mkdir(String path) {
        repl.execOk("import os\nos.mkdir(" + PyLiteral.str(path) + ")\n", "making directory " + path);
    }

    /** Size plus SHA-256 when the board has hashlib, else size plus an Adler-32 it can compute in Python. */
    record Check(String kind, long size, String digest) {
        static Check of(byte[] data, String kind) {
            if (kind.equals("sha256")) {
                try {
                    return new Check(kind, data.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            java.util.zip.Adler32 a = new java.util.zip.Adler32();
            a.update(data);
            return new Check(kind, data.length, Long.toHexString(a.getValue()));
        }

        @Override
        public String toString() {
            return size + " bytes, " + kind + " " + digest.substring(0, Math.min(16, digest.length()));
        }
    }

    private Check check(String path) {
        String out = repl.execOk("import os, ubinascii\np = " + PyLiteral.str(path) + "\nf = open(p, 'rb')\n"
                + "try:\n import hashlib\n h = hashlib.sha256()\n k = 'sha256'\nexcept ImportError:\n h = None\n k = 'adler32'\n"
                + "a, b = 1, 0\nwhile True:\n d = f.read(" + CHUNK + ")\n if not d:\n  break\n if h:\n  h.update(d)\n else:\n"
                + "  for x in d:\n   a = (a + x) % 65521\n   b = (b + a) % 65521\nf.close()\n"
                + "print(k, os.stat(p)[6], ubinascii.hexlify(h.digest()).decode() if h else '%x' % ((b << 16) | a))\n",
                "checking " + path);
        String[] p = out.strip().split(" ");
        if (p.length != 3 || !(p[0].equals("sha256") || p[0].equals("adler32"))) {
            throw unexpected("checking " + path, out);
        }
        return new Check(p[0], number(p[1], "checking " + path, out), p[2]);
    }

    private long number(String s, String doing, String answer) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw unexpected(doing, answer);
        }
    }

    /**
     * The program ran but printed something it cannot print (a line lost or changed on the way, or
     * not MicroPython's answer at all): one line saying so, with what arrived.
     */
    private LabException unexpected(String doing, String answer) {
        return LabException.failure("the board on " + repl.portName() + " answered '"
                + LinkReader.printable(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "' while " + doing
                + ", which is not what the program prints", "the serial line lost or changed bytes: try again, or a lower baud rate");
    }
}
