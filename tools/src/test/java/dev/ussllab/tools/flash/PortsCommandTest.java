package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `ussl-lab ports`: the list, the advice when it is empty, and what a given path (a socat pty link) is. */
@Timeout(60)
class PortsCommandTest {

    @TempDir
    Path dir;

    @Test
    void noPortsGivesAdviceIncludingWhyAPtyIsNotListed() {
        assertEquals(List.of(PortsCommand.NONE_FOUND), PortsCommand.listing(new String[0], Map.of()));
        assertTrue(PortsCommand.NONE_FOUND.contains("/dev/ttyUSB0") && PortsCommand.NONE_FOUND.contains("socket://HOST:PORT")
                && PortsCommand.NONE_FOUND.contains("never listed"), PortsCommand.NONE_FOUND);
    }

    @Test
    void portsAreListedWithTheirStableNames() {
        List<String> lines = PortsCommand.listing(new String[] {"/dev/ttyUSB0", "/dev/ttyS0"},
                Map.of("/dev/ttyUSB0", List.of("/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0")));
        assertEquals(List.of("/dev/ttyS0", "/dev/ttyUSB0  (/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0)"), lines);
    }

    @Test
    void aSocatPtyLinkIsDescribedWithTheOptionsItNeeds() throws Exception {
        try (BoardProcess pty = BoardProcess.viaSocat(dir, "EXEC:cat")) {
            Cli r = Cli.run("ports", pty.port.toString());
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.strip().matches(java.util.regex.Pattern.quote(pty.port.toString())
                    + " -> /dev/pts/\\d+: a pseudo-terminal .*--before no-reset --after no-reset"), r.out);
        }
    }

    @Test
    void aMissingPathOrAFileIsOneLineAndNonZero() throws Exception {
        Cli missing = Cli.run("ports", dir.resolve("ttyUSB9").toString());
        assertEquals(1, missing.exitCode, missing.toString());
        assertTrue(missing.err.strip().startsWith("ussl-lab ports: no such port ") && missing.err.strip().lines().count() == 1, missing.err);
        Path file = Files.writeString(dir.resolve("notatty"), "x");
        Cli notTty = Cli.run("ports", file.toString());
        assertEquals(2, notTty.exitCode, notTty.toString());
        assertTrue(notTty.err.contains("is not a serial port"), notTty.err);
    }
}
