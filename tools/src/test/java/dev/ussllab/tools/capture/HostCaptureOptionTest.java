package dev.ussllab.tools.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.tools.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ussl-lab host --capture: an unwritable capture stops the host before it listens, in one line. */
class HostCaptureOptionTest {

    @TempDir
    Path dir;

    @Test
    void unwritableCaptureIsRefusedBeforeListening() throws Exception {
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        String[] keys = {"--key", dir.resolve("key.pem").toString(), "--cert", dir.resolve("cert.pem").toString(), "--port", "0"};
        Cli full = Cli.run(concat(new String[] {"host", "--capture", "/dev/full"}, keys));
        assertEquals(2, full.exitCode, full.toString());
        assertTrue(full.err.startsWith("ussl-lab host: cannot write capture /dev/full: No space left on device"), full.err);
        assertEquals(1, full.err.lines().count(), full.err);
        // Folders a capture needs are made (0700, CaptureFileTest); a file standing where one must go is refused.
        java.nio.file.Path inTheWay = dir.resolve("afile");
        java.nio.file.Files.writeString(inTheWay, "x");
        Cli noDir = Cli.run(concat(new String[] {"host", "--capture", inTheWay.resolve("x.pcapng").toString()}, keys));
        assertEquals(2, noDir.exitCode, noDir.toString());
        assertTrue(noDir.err.contains(inTheWay.resolve("x.pcapng").toString()), noDir.err);
        assertEquals(1, noDir.err.lines().count(), noDir.err);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
