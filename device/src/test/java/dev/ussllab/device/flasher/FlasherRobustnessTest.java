package dev.ussllab.device.flasher;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.device.board.Faults;
import dev.ussllab.profile.LabException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The flasher against a misbehaving emulated board on a real pty: stalls, another chip, erasing. */
@Timeout(60)
class FlasherRobustnessTest {

    /** For the stall tests, which are about timeouts: a short one, so a stall outlasts it. */
    private static final Esp8266Flasher.Options QUICK = new Esp8266Flasher.Options(Duration.ofMillis(500), Esp8266Flasher.DEFAULT_CONNECT_ATTEMPTS);


    @TempDir
    Path dir;

    @Test
    void aStallLongerThanTheTimeoutCostsARetryAndTheLateRepliesAreSettled() throws Exception {
        byte[] image = new byte[32 * 1024];
        new Random(21).nextBytes(image);
        try (PtyBoard b = new PtyBoard(dir, c -> c.faults(Faults.parse(List.of("stall:5000:1500"))))) {
            Esp8266Flasher f = Esp8266Flasher.connect(b.host, ResetMode.Before.NO_RESET, QUICK);
            WriteReport r = f.writeFlash(List.of(new FlashRegion(0, image, "s.bin")), Verify.FULL, Progress.NONE);
            assertTrue(r.blocksRetried() >= 1, "the stalled block was sent again");
            assertArrayEquals(image, b.flash.read(0, image.length));
            assertEquals(0x1640EFL, f.flashId(), "replies line up again after the write");
        }
    }

    @Test
    void aBoardThatHangsMidWriteFailsNamingTheBlockAndTheTimeout() throws Exception {
        byte[] image = new byte[16 * 1024];
        try (PtyBoard b = new PtyBoard(dir, c -> c.faults(Faults.parse(List.of("stall:3000:3000"))))) {
            Esp8266Flasher f = Esp8266Flasher.connect(b.host, ResetMode.Before.NO_RESET, QUICK);
            LabException e = assertThrows(LabException.class,
                    () -> f.writeFlash(List.of(new FlashRegion(0, image, "h.bin")), Verify.SAMPLE, Progress.NONE));
            assertTrue(e.getMessage().matches("Failed to write block \\d+ of 16 \\(h.bin at 0x[0-9A-F]{8}\\) on \\S+: "
                    + "the board stopped answering \\(no reply within 500 ms\\)"), e.getMessage());
            assertTrue(e.hint().contains("run the same command again"), e.hint());
        }
    }

    @Test
    void anotherChipIsRefusedByName() throws Exception {
        try (PtyBoard b = new PtyBoard(dir, c -> c.chipMagic(0x00F01D83L))) {
            LabException e = assertThrows(LabException.class, () -> Esp8266Flasher.connect(b.host, ResetMode.Before.NO_RESET, PtyBoard.PATIENT));
            assertTrue(e.getMessage().startsWith("found ESP32 on ") && e.getMessage().endsWith("not an ESP8266"), e.getMessage());
        }
    }

    @Test
    void eraseRegionCorrectsForTheRomBugAndSparesTheNeighbours() throws Exception {
        try (PtyBoard b = new PtyBoard(dir, c -> c)) {
            byte[] zeros = new byte[0x30000];
            b.flash.program(0, zeros);
            Esp8266Flasher f = Esp8266Flasher.connect(b.host, ResetMode.Before.NO_RESET, PtyBoard.PATIENT);
            f.eraseRegion(0x10000, 0x10000);
            byte[] ff = new byte[0x10000];
            Arrays.fill(ff, (byte) 0xFF);
            assertArrayEquals(ff, b.flash.read(0x10000, 0x10000), "the region is erased");
            assertArrayEquals(new byte[0x10000], b.flash.read(0x20000, 0x10000), "the next 64 KB survive the ROM's over-erase");
            assertArrayEquals(new byte[0x10000], b.flash.read(0, 0x10000));
            LabException e = assertThrows(LabException.class, () -> f.eraseRegion(0x10100, 0x1000));
            assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        }
    }
}
