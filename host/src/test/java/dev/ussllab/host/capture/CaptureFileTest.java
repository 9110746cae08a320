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
}
