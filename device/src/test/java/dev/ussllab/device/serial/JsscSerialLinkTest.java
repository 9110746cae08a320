package dev.ussllab.device.serial;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.device.flasher.PtyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jssc ports on a real socat pty pair: reopening a port in the same JVM loses nothing. */
@Timeout(60)
class JsscSerialLinkTest {

    @TempDir
    Path dir;

    private static long readers(Path device) {
        String name = "serial-reader " + device;
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }

    @Test
    void reopeningAPortInTheSameJvmGetsEveryByte() throws Exception {
        try (PtyPair pty = new PtyPair(dir); SerialLink far = SerialLinks.open(pty.b.toString(), 115200)) {
            for (int round = 0; round < 20; round++) {
                SerialLink near = SerialLinks.open(pty.a.toString(), 115200);
                byte[] sent = new byte[64];
                Arrays.fill(sent, (byte) round);
                far.write(sent);
                byte[] got = new byte[sent.length];
                int n = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (n < got.length && System.nanoTime() < deadline) {
                    n += near.read(got, n, got.length - n, Duration.ofMillis(500));
                }
                assertArrayEquals(sent, got, "round " + round + ": every byte reached the reopened port");
                near.close();
                // A reader left in jssc's native read would take a byte from the next open's descriptor.
                assertEquals(0, readers(pty.a), "round " + round + ": the reader ended with close()");
            }
        }
    }

    @Test
    void closeWakesAReadOnTheLinkAndLaterCallsSayClosed() throws Exception {
        try (PtyPair pty = new PtyPair(dir)) {
            SerialLink near = SerialLinks.open(pty.a.toString(), 115200);
            CompletableFuture<Exception> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    near.read(new byte[16], 0, 16, Duration.ofSeconds(30));
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            near.close();
            Exception e = blocked.get(10, TimeUnit.SECONDS);
            assertNotNull(e, "the waiting read ended with an error, not after its 30 s");
            assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
            IOException w = assertThrows(IOException.class, () -> near.write(new byte[1]));
            assertTrue(w.getMessage().endsWith("is closed"), w.getMessage());
        }
    }

    @Test
    void theOtherSideGoingAwayIsReportedNamingThePort() throws Exception {
        PtyPair pty = new PtyPair(dir);
        SerialLink near = SerialLinks.open(pty.a.toString(), 115200);
        pty.close();
        IOException e = assertThrows(IOException.class, () -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                near.read(new byte[16], 0, 16, Duration.ofMillis(500));
            }
        });
        assertTrue(e.getMessage().contains(pty.a.toString()) && e.getMessage().contains("stopped working"), e.getMessage());
        assertEquals(0, readers(pty.a), "the reader ended instead of spinning in jssc's read loop");
        near.close();
    }
}
