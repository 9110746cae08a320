package dev.ussllab.host.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.pcap.TcpConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileTest {

    @TempDir
    Path dir;

    /** Two runs started in the same second (two hosts, a script) must not share or truncate one file. */
    @Test
    void runsInOneDirectoryWithinOneSecondGetTheirOwnFiles() throws Exception {
        InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4433);
        try (CaptureFile first = CaptureFile.open(dir)) {
            long t = CaptureFile.nowNanos();
            assertTrue(first.writeSession(client, server, t, t + 1000,
                    List.of(new TcpConnection.Chunk(t + 10, true, "first run".getBytes())), List.of()));
            long before = Files.size(first.path());
            try (CaptureFile second = CaptureFile.open(dir)) {
                assertNotEquals(first.path(), second.path());
                assertEquals(before, Files.size(first.path()), "the first run's capture was truncated");
                assertTrue(second.path().getFileName().toString().matches("ussl-lab-\\d{8}-\\d{6}(-\\d+)?\\.pcapng"),
                        second.path().toString());
            }
        }
    }

    private static String mode(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Issue 15 section 2: captures embed their sessions' secrets, so they are as private as key.pem. */
    @Test
    void capturesAre0600AndTheFoldersTheyMake0700() throws Exception {
        try (CaptureFile inDir = CaptureFile.open(dir)) {
            assertEquals("rw-------", mode(inDir.path()));
        }
        Path named = dir.resolve("new/sub/esp.pcapng");
        try (CaptureFile file = CaptureFile.open(named)) {
            assertEquals("rw-------", mode(file.path()));
        }
        assertEquals("rwx------", mode(dir.resolve("new")));
        assertEquals("rwx------", mode(dir.resolve("new/sub")));
        Path existing = Files.writeString(dir.resolve("old.pcapng"), "overwritten");
        Files.setPosixFilePermissions(existing, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (CaptureFile file = CaptureFile.open(existing)) {
            assertEquals("rw-------", mode(file.path()));
        }
        String before = mode(dir);
        try (CaptureFile again = CaptureFile.open(dir)) {
            assertEquals(before, mode(dir), "a folder that existed keeps its mode");
        }
    }
}
