package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 section 5: a symlink inside the --fs folder must not lead the board's reads and writes
 * to the laptop's other files. The board's FAT volume has no links, so such a name is no file at
 * all (ENOENT); links that stay inside the folder keep working.
 */
class FsSymlinkTest {

    @TempDir
    Path tmp;
    private Path fs;
    private Path outside;

    @BeforeEach
    void layout() throws Exception {
        fs = Files.createDirectories(tmp.resolve("fs"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "laptop secret\n");
        Files.writeString(outside.resolve("evil.py"), "print('ran code from outside')\n");
        Files.createSymbolicLink(fs.resolve("out"), outside);
        Files.createSymbolicLink(fs.resolve("secret.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(fs.resolve("evil.py"), outside.resolve("evil.py"));
        Files.createSymbolicLink(fs.resolve("dangling"), outside.resolve("new.txt"));
        Files.writeString(fs.resolve("inside.txt"), "board file\n");
        Files.createSymbolicLink(fs.resolve("alias.txt"), fs.resolve("inside.txt"));
    }

    private String run(String src) {
        return Transcript.run(src, fs);
    }

    private static String enoent(String line) {
        return "Traceback (most recent call last):\n  File \"<stdin>\", line " + line + ", in <module>\nOSError: [Errno 2] ENOENT\n";
    }

    @Test
    void readsThroughALinkThatLeavesTheFolderAreRefused() {
        assertEquals(enoent("1"), run("open('secret.txt').read()"));
        assertEquals(enoent("1"), run("open('out/secret.txt').read()"));
        assertEquals(enoent("1"), run("import os\nos.stat('out')".replace("\n", ";")));
        assertEquals(enoent("1"), run("import os;os.listdir('out')"));
    }

    @Test
    void writesThroughALinkThatLeavesTheFolderAreRefused() throws Exception {
        assertEquals(enoent("1"), run("open('out/planted.txt', 'w').write('x')"));
        assertEquals(enoent("1"), run("open('dangling', 'w').write('x')"));
        assertEquals(enoent("1"), run("open('secret.txt', 'a').write('x')"));
        assertEquals(enoent("1"), run("import os;os.remove('secret.txt')"));
        assertEquals(enoent("1"), run("import os;os.rename('inside.txt', 'out/moved.txt')"));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
        assertFalse(Files.exists(outside.resolve("new.txt")));
        assertFalse(Files.exists(outside.resolve("moved.txt")));
        assertEquals("laptop secret\n", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void importsListingsAndBootFilesIgnoreTheLinks() {
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nImportError: no module named 'evil'\n",
                run("import evil"));
        assertEquals("['alias.txt', 'inside.txt']\n", run("import os;print(os.listdir())"));
        assertEquals("board file\n\n", run("print(open('alias.txt').read())"));
    }
}
