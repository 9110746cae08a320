package dev.ussllab.profile.keylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLogFileTest {

    @TempDir
    Path dir;

    @Test
    void lineIsTheNssFormat() {
        // Format from NSS's key log documentation: label, client random hex, secret hex.
        assertEquals("CLIENT_RANDOM 0102 aabb", KeyLogFile.line("CLIENT_RANDOM", new byte[] {1, 2}, new byte[] {(byte) 0xaa, (byte) 0xbb}));
    }

    @Test
    void concurrentWritersNeverInterleaveAndAppend() throws Exception {
        Path f = dir.resolve("keys.log");
        Files.writeString(f, "# existing\n");
        try (KeyLogFile log = KeyLogFile.open(f)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                byte id = (byte) t;
                pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        log.log("CLIENT_RANDOM", new byte[32], new byte[] {id, id, id});
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(801, lines.size());
        assertEquals("# existing", lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
            assertTrue(l.matches("CLIENT_RANDOM 0{64} (0[0-3])\\1\\1"), l);
        }
    }

    @Test
    void environmentVariableIsHonouredAndNothingLoggedUnlessAsked() {
        assertSame(KeyLogSink.NONE, KeyLogFile.fromOptionOrEnvironment(null, null));
        Path env = dir.resolve("env.log");
        KeyLogSink sink = KeyLogFile.fromOptionOrEnvironment(null, env.toString());
        sink.log("CLIENT_RANDOM", new byte[] {1}, new byte[] {2});
        assertTrue(Files.exists(env));
        Path opt = dir.resolve("opt.log");
        KeyLogFile.fromOptionOrEnvironment(opt, env.toString()).log("X", new byte[] {1}, new byte[] {2});
        assertTrue(Files.exists(opt));
    }

    @Test
    void missingDirectoryIsBadInputNamingTheFile() {
        Path f = dir.resolve("no/such/dir/keys.log");
        LabException e = assertThrows(LabException.class, () -> KeyLogFile.open(f));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.oneLine().contains(f.toString()), e.oneLine());
    }

    /**
     * A failed write (ENOSPC from /dev/full) is not thrown into the TLS stack, where it would
     * abort the user's session as an anonymous internal_error; it is kept and thrown by close.
     * (Cutting back a partial line is checked on a real file under ulimit -f in the tools tests.)
     */
    @Test
    void writeFailureIsKeptAndReportedAtCloseNotThrownIntoTheHandshake() {
        KeyLogFile full = KeyLogFile.open(Path.of("/dev/full"));
        full.log("CLIENT_RANDOM", new byte[] {1}, new byte[] {2});
        full.log("CLIENT_RANDOM", new byte[] {3}, new byte[] {4});
        assertTrue(full.failure().oneLine().startsWith("cannot write key log /dev/full: No space left on device"),
                full.failure().oneLine());
        assertSame(full.failure(), assertThrows(LabException.class, () -> KeyLogFile.throwIfFailed(full)));
        assertSame(full.failure(), assertThrows(LabException.class, full::close));
    }

    /** Issue 15 section 2: appending secrets to a log others can read makes it private first. */
    @Test
    void anExistingWorldReadableLogIsMadePrivate() throws Exception {
        Path log = Files.writeString(dir.resolve("shared.log"), "# old lines\n");
        Files.setPosixFilePermissions(log, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (KeyLogFile f = KeyLogFile.open(log)) {
            f.log("CLIENT_RANDOM", new byte[32], new byte[48]);
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals("0644", KeyLogFile.octal(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
        Path fresh = dir.resolve("fresh.log");
        KeyLogFile.open(fresh).close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }
}
