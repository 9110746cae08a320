package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.device.rom.Esp8266Image;
import dev.ussllab.tools.Cli;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per esptool command `flash` offers, each against the emulated board in its own process
 * behind a real socat pseudo-terminal (issue 12 §1), plus issue 15 §4's verification and reset
 * cases. Figures (read-back rate) are printed, never asserted.
 */
@Timeout(180)
class FlashCommandsTest {

    @TempDir
    Path dir;

    private static String[] noReset(String port, String... sub) {
        String[] head = {"flash", "-p", port, "--before", "no_reset", "--after", "no_reset", "--timeout", "30", "--connect-attempts", "30"};
        String[] all = Arrays.copyOf(head, head.length + sub.length);
        System.arraycopy(sub, 0, all, head.length, sub.length);
        return all;
    }

    private Path random(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = 0x12;
        return Files.write(dir.resolve(name), b);
    }

    private static byte[] flashAt(Path flash, long offset, int len) throws Exception {
        try (FileChannel ch = FileChannel.open(flash)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                // fixed-size mapped file
            }
            return b.array();
        }
    }

    @Test
    void readFlashVerifyFlashEraseRegionAndEraseFlash() throws Exception {
        Path flash = dir.resolve("flash.bin");
        Path img = random("app.bin", 20_000, 1);
        byte[] want = Files.readAllBytes(img);
        try (BoardProcess board = BoardProcess.pty(dir, "--flash", flash.toString())) {
            String port = board.port.toString();
            Cli w = Cli.run(noReset(port, "write_flash", "0x3000", img.toString()));
            assertEquals(0, w.exitCode, w.toString());
            assertTrue(w.err.contains("Chip is ESP8266EX") && w.err.contains("Features: WiFi") && w.err.contains("Crystal is 26MHz")
                    && w.err.contains("MAC: 18:fe:34:a1:b2:c3"), "esptool's connect summary: " + w.err);
            assertTrue(w.out.contains("Wrote 20000 bytes at 0x00003000 in "), w.out);

            Path back = dir.resolve("back.bin");
            Cli r = Cli.run(noReset(port, "read_flash", "0x3000", "20000", back.toString()));
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.matches("(?s)Read 20000 bytes at 0x00003000 in \\d+\\.\\d seconds \\(\\d+\\.\\d kbit/s\\)\\.\\.\\.\\s*"), r.out);
            assertArrayEquals(want, Files.readAllBytes(back));

            Cli v = Cli.run(noReset(port, "verify-flash", "0x3000", img.toString()));
            assertEquals(0, v.exitCode, v.toString());
            assertTrue(v.out.contains("Verifying 0x4e20 (20000) bytes @ 0x00003000 in flash against app.bin...")
                    && v.out.contains("-- verify OK"), v.out);

            Cli e = Cli.run(noReset(port, "erase_region", "0x7000", "0x1000"));
            assertEquals(0, e.exitCode, e.toString());
            assertTrue(e.out.contains("Erase completed successfully"), e.out);
            byte[] ff = new byte[0x1000];
            Arrays.fill(ff, (byte) 0xFF);
            assertArrayEquals(ff, flashAt(flash, 0x7000, 0x1000));
            assertArrayEquals(Arrays.copyOf(want, 0x4000), flashAt(flash, 0x3000, 0x4000), "the sectors before it survive");

            Cli bad = Cli.run(noReset(port, "verify_flash", "--diff", "yes", "0x3000", img.toString()));
            assertEquals(1, bad.exitCode, bad.toString());
            int first = 0x4000;
            while (want[first] == (byte) 0xFF) {
                first++;
            }
            assertTrue(bad.out.contains(String.format("-- verify FAILED: ", first)) && bad.out.contains(String.format("the first at 0x%08x", 0x3000 + first)), bad.out);
            assertTrue(bad.err.contains("Verify failed"), bad.err);

            Cli all = Cli.run(noReset(port, "erase_flash"));
            assertEquals(0, all.exitCode, all.toString());
            assertTrue(all.out.contains("Chip erase completed successfully"), all.out);
            byte[] blank = new byte[(int) Files.size(flash)];
            Arrays.fill(blank, (byte) 0xFF);
            assertArrayEquals(blank, Files.readAllBytes(flash));
        }
    }

    @Test
    void readMemWriteMemMacChipIdFlashIdTraceRunAndVersion() throws Exception {
        try (BoardProcess board = BoardProcess.pty(dir, "--mac", "5c:cf:7f:01:02:03")) {
            String port = board.port.toString();
            Cli magic = Cli.run(noReset(port, "read_mem", "0x40001000"));
            assertEquals("0x40001000 = 0xfff0c101", magic.out.strip(), magic.toString());
            Cli wm = Cli.run(noReset(port, "write_mem", "0x3ffe8000", "0x12345678", "0x00ff00ff"));
            assertEquals("Wrote 12345678, mask 00ff00ff to 3ffe8000", wm.out.strip(), wm.toString());
            assertEquals("0x3ffe8000 = 0x00340078", Cli.run(noReset(port, "read-mem", "0x3ffe8000")).out.strip());
            assertEquals("MAC: 5c:cf:7f:01:02:03", Cli.run(noReset(port, "read_mac")).out.strip());
            assertEquals("Chip ID: 0x00010203", Cli.run(noReset(port, "chip_id")).out.strip());
            assertTrue(Cli.run(noReset(port, "flash_id")).out.contains("Detected flash size: 4MB"));
            Cli traced = Cli.run(noReset(port, "--trace", "read-mac"));
            assertTrue(traced.err.lines().anyMatch(l -> l.matches("TRACE \\+\\d+\\.\\d{3} command op=0x08 len=44 0008240000000000070712205555.*")),
                    "SYNC traced: " + traced.err);
            assertTrue(traced.err.contains("received len="), traced.err);

            Cli run = Cli.run(noReset(port, "run"));
            assertEquals(0, run.exitCode, run.toString());
            // The board now runs its firmware (none here): the ROM loader no longer answers.
            Cli after = Cli.run("flash", "-p", port, "--before", "no-reset", "--connect-attempts", "1", "read-mac");
            assertEquals(1, after.exitCode, after.toString());
            assertTrue(after.err.contains("no reply to SYNC"), after.err);
        }
        Cli v = Cli.run("flash", "version");
        assertEquals(0, v.exitCode);
        assertTrue(v.out.startsWith(FlashCommand.VERSION_LINE), v.out);
    }

    /** Issue 12: "today it reads 48 MHz at 230400 baud and above". The board is reached at 115200, then moved up. */
    @Test
    void theCrystalIsRightAtEveryBaudRate() throws Exception {
        for (String boardBaud : new String[] {"0", "115200"}) {
            Path sub = Files.createDirectory(dir.resolve("b" + boardBaud));
            try (BoardProcess board = BoardProcess.pty(sub, "--baud", boardBaud)) {
                for (int baud : new int[] {9600, 115200, 230400, 460800, 921600}) {
                    Cli r = Cli.run(noReset(board.port.toString(), "-b", String.valueOf(baud), "read_mac"));
                    assertEquals(0, r.exitCode, baud + ": " + r);
                    assertTrue(r.err.contains("Crystal is 26MHz"), baud + " baud, board at " + boardBaud + ": " + r.err);
                    assertEquals(baud > 115200, r.err.contains("Changing baud rate to " + baud + "\nChanged."), r.err);
                }
            }
        }
    }

    /** Issue 15 §4: a stuck byte in a 64 KB image is caught by the default verification, named, exit 1. */
    @Test
    void theDefaultVerificationCatchesAStuckByteAndSaysWhereAbove256KbItSaysPartly() throws Exception {
        Path img = random("fw.bin", 64 * 1024, 2);
        try (BoardProcess board = BoardProcess.pty(dir, "--fault", "stuck:0x2005")) {
            long t0 = System.nanoTime();
            Cli w = Cli.run(noReset(board.port.toString(), "write_flash", "0x0", img.toString()));
            assertEquals(1, w.exitCode, w.toString());
            assertTrue(w.err.contains("Verification failed: flash at 0x00002005 reads 0x00"), w.err);
            assertFalse(w.out.contains("erified"), w.out);
            System.out.printf("write + full read-back of 64 KB on an unpaced pty: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        Path big = random("big.bin", 300 * 1024, 3);
        try (BoardProcess board = BoardProcess.pty(Files.createDirectory(dir.resolve("big")))) {
            Cli w = Cli.run(noReset(board.port.toString(), "write_flash", "0x0", big.toString()));
            assertEquals(0, w.exitCode, w.toString());
            String last = w.out.strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("Partly verified: read back ") && last.contains("run verify-flash"), last);
        }
    }

    /** esptool image_info for an ESP8266 v1 image: segments, entry, checksum valid or not. No board needed. */
    @Test
    void imageInfoShowsSegmentsEntryAndChecksum() throws Exception {
        byte[] fw = Esp8266Image.build(2, 0x40, 0x40100004L, new long[] {0x40100000L, 0x3FFE8000L},
                new byte[][] {new byte[0x20], {1, 2, 3, 4}});
        Path good = Files.write(dir.resolve("good.bin"), fw);
        Cli ok = Cli.run("flash", "image_info", good.toString());
        assertEquals(0, ok.exitCode, ok.toString());
        assertTrue(ok.out.contains("Image version: 1") && ok.out.contains("Entry point: 40100004") && ok.out.contains("2 segments"), ok.out);
        assertTrue(ok.out.contains("Segment 1: len 0x00020 load 0x40100000 file_offs 0x00000008 [IRAM]"), ok.out);
        assertTrue(ok.out.contains("Segment 2: len 0x00004 load 0x3ffe8000 file_offs 0x00000030 [DRAM]"), ok.out);
        assertTrue(ok.out.matches("(?s).*Checksum: [0-9a-f]{2} \\(valid\\).*"), ok.out);
        fw[0x30 + 8] ^= 0x40; // a byte of segment 2
        Cli bad = Cli.run("flash", "image-info", Files.write(dir.resolve("bad.bin"), fw).toString());
        assertEquals(0, bad.exitCode, bad.toString());
        assertTrue(bad.out.matches("(?s).*Checksum: [0-9a-f]{2} \\(invalid - calculated [0-9a-f]{2}\\).*"), bad.out);
        Cli none = Cli.run("flash", "image-info", random("data.bin", 100, 4).toString());
        assertEquals(2, none.exitCode, none.toString());
        assertTrue(none.err.contains("is not an ESP8266 image: invalid firmware image magic 0x12"), none.err);
    }

    /** esptool -e: the whole chip is erased before the write. */
    @Test
    void writeFlashEraseAllClearsTheRest() throws Exception {
        Path flash = dir.resolve("flash.bin");
        Path img = random("a.bin", 8192, 5);
        try (BoardProcess board = BoardProcess.pty(dir, "--flash", flash.toString())) {
            assertEquals(0, Cli.run(noReset(board.port.toString(), "write_flash", "0x100000", img.toString())).exitCode);
            Cli w = Cli.run(noReset(board.port.toString(), "write_flash", "-e", "-z", "0x0", img.toString()));
            assertEquals(0, w.exitCode, w.toString());
            assertTrue(w.err.contains("no compressed write") && w.out.contains("Chip erase completed successfully"), w.toString());
            byte[] ff = new byte[8192];
            Arrays.fill(ff, (byte) 0xFF);
            assertArrayEquals(ff, flashAt(flash, 0x100000, 8192), "the old file at 1 MB is gone");
            assertArrayEquals(Files.readAllBytes(img), flashAt(flash, 0, 8192));
        }
    }
}
