package dev.ussllab.device.flasher;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.serial.NoModemLinesException;
import dev.ussllab.device.serial.SerialLink;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our flasher on one end of a real socat pseudo-terminal pair (jssc's native code reading and
 * writing), the emulated board on the other end (also through jssc).
 */
@Timeout(60)
class PtyFlashTest {

    @TempDir
    Path dir;
    private PtyBoard pty;
    private SerialLink hostSide;
    private FlashMemory flash;
    private BoardEmulator board;

    @BeforeEach
    void start() throws Exception {
        pty = new PtyBoard(dir, b -> b);
        hostSide = pty.host;
        flash = pty.flash;
        board = pty.board;
    }

    @AfterEach
    void stop() throws Exception {
        pty.close();
    }

    @Test
    void samplesFirstLastAndEvery64thBlock() {
        assertArrayEquals(new int[] {0}, ReadBack.sampled(100));
        assertArrayEquals(new int[] {0, 64, 128, 129}, ReadBack.sampled(130 * 1024 - 5));
    }

    @Test
    void identifiesTheBoard() throws Exception {
        Esp8266Flasher f = Esp8266Flasher.connect(hostSide, ResetMode.Before.NO_RESET, PtyBoard.PATIENT);
        assertEquals("18:fe:34:a1:b2:c3", Esp8266Target.formatMac(f.readMac()));
        assertEquals(0xA1B2C3L, f.chipId());
        assertEquals(0x1640EFL, f.flashId());
        assertEquals(26, f.crystalMhz());
    }

    @Test
    void defaultResetOnAPtySaysToUseNoReset() {
        NoModemLinesException e = assertThrows(NoModemLinesException.class,
                () -> Esp8266Flasher.connect(hostSide, ResetMode.Before.DEFAULT_RESET, PtyBoard.PATIENT));
        assertTrue(e.oneLine().contains("--before no-reset"), e.oneLine());
    }

    @Test
    void writesAndReadsBackAnImage() throws Exception {
        byte[] image = new byte[64 * 1024 + 123];
        new Random(7).nextBytes(image);
        Esp8266Flasher f = Esp8266Flasher.connect(hostSide, ResetMode.Before.NO_RESET, PtyBoard.PATIENT);
        WriteReport r = f.writeFlash(List.of(new FlashRegion(0x10000, image, "test.bin")), Verify.FULL, Progress.NONE);
        assertEquals(image.length + 1, r.bytesWritten(), "padded to a multiple of 4");
        assertTrue(r.bytesReadBack() >= image.length);
        assertArrayEquals(image, flash.read(0x10000, image.length));
        byte[] after = flash.read(0x10000 + image.length, 0x1000);
        assertTrue(allFF(after), "the rest of the last block is 0xFF");
    }

    static boolean allFF(byte[] b) {
        byte[] ff = new byte[b.length];
        Arrays.fill(ff, (byte) 0xFF);
        return Arrays.equals(ff, b);
    }

    @Test
    void softResetLeavesTheLoaderForTheFirmware() throws Exception {
        Esp8266Flasher f = Esp8266Flasher.connect(hostSide, ResetMode.Before.NO_RESET, PtyBoard.PATIENT);
        f.finish(ResetMode.After.SOFT_RESET);
        long deadline = System.currentTimeMillis() + 2000;
        while (board.mode() != BootMode.FIRMWARE && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(BootMode.FIRMWARE, board.mode());
    }
}
