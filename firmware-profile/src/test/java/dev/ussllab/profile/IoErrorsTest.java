package dev.ussllab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoErrorsTest {

    @Test
    void saysWhatWentWrongWithoutRepeatingThePath() {
        // What FileChannel.open throws on Linux: EROFS seen on a read-only tmpfs, ENOENT on a missing
        // folder; EACCES becomes an AccessDeniedException carrying only the path (the JDK's
        // UnixException.translateToIOException), and ulimit -f gives a plain "File too large".
        assertEquals("Read-only file system", IoErrors.words(new FileSystemException("ro/c.pcapng", null, "Read-only file system")));
        assertEquals("the directory " + Path.of("/no/such") + " does not exist",
                IoErrors.words(new NoSuchFileException("/no/such/c.pcapng")));
        assertEquals("permission denied", IoErrors.words(new AccessDeniedException("/root/c.pcapng")));
        assertEquals("File too large", IoErrors.words(new IOException("File too large")));
    }
}
