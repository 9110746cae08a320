package dev.ussllab.device.board;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.device.rom.RomStatus;
import dev.ussllab.device.rom.Slip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The board's ROM loader and boot modes over in-memory pipes: exact replies, boot lines, resets. */
@Timeout(20)
class BoardEmulatorTest {

    private PipedOutputStream host;
    private final BlockingQueue<Integer> fromBoard = new LinkedBlockingQueue<>();
    private Thread boardThread;
    private BoardEmulator board;

    private void start(BoardEmulator.Builder b) throws IOException {
        board = b.build();
        host = new PipedOutputStream();
        InputStream boardIn = new PipedInputStream(host, 65536);
        OutputStream boardOut = new OutputStream() {
            @Override
            public void write(int v) {
                fromBoard.add(v & 0xFF);
            }
        };
        boardThread = new Thread(() -> {
            try {
                board.run(boardIn, boardOut);
            } catch (IOException ignored) {
                // ends with the pipe
            }
        });
        boardThread.setDaemon(true);
        boardThread.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (host == null) {
            return;
        }
        host.close();
        boardThread.join(3000);
    }

    private void send(byte[] bytes) throws IOException {
        host.write(bytes);
        host.flush();
    }

    /** Reads until {@code n} frames arrived; returns them, and the bytes outside frames in {@code noise}. */
    private List<byte[]> frames(int n, StringBuilder noise) throws InterruptedException {
        Slip.Decoder d = new Slip.Decoder();
        List<byte[]> out = new ArrayList<>();
        while (out.size() < n) {
            Integer b = fromBoard.poll(5, TimeUnit.SECONDS);
            assertNotNull(b, "board went silent after " + out.size() + " frames");
            boolean wasIn = d.inFrame();
            byte[] p = d.feed(b);
            if (!wasIn && b != Slip.END && noise != null) {
                noise.append((char) (int) b);
            }
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private String text(long millis) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        long end = System.currentTimeMillis() + millis;
        Integer b;
        while ((b = fromBoard.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) != null) {
            sb.append((char) (int) b);
        }
        return sb.toString();
    }

    @Test
    void bootsIntoTheLoaderAndAnswersSyncEightTimesIgnoringNoise() throws Exception {
        start(BoardEmulator.builder(FlashMemory.inMemory(1 << 20)));
        send("garbage\r\n".getBytes(StandardCharsets.US_ASCII));
        send(RomCommand.sync().frame());
        StringBuilder noise = new StringBuilder();
        List<byte[]> replies = frames(8, noise);
        assertTrue(noise.toString().contains("boot mode:(1,7)"), noise.toString());
        for (byte[] r : replies) {
            // Golden reply: 01 08 0200 07071220 0000 (serial-protocol.rst layout, SYNC value 0x20120707).
            assertEquals("010802000707122000" + "00", HexFormat.of().formatHex(r));
        }
    }

    @Test
    void reportsBadChecksumUnsupportedCommandAndMalformedPackets() throws Exception {
        start(BoardEmulator.builder(FlashMemory.inMemory(1 << 20)));
        send(RomCommand.flashBegin(0x1000, 1, 0x400, 0).frame());
        assertTrue(RomResponse.parse(frames(1, null).get(0)).ok());
        byte[] block = new byte[0x400];
        RomCommand good = RomCommand.flashData(0, block);
        send(new RomCommand(good.opcode(), good.data(), good.checksum() ^ 0x55).frame());
        assertEquals(RomStatus.BAD_CHECKSUM, RomResponse.parse(frames(1, null).get(0)).error());
        // 0x13 SPI_FLASH_MD5 exists only in esptool's stub: the ROM says "invalid message".
        send(new RomCommand(0x13, new byte[16], 0).frame());
        RomResponse md5 = RomResponse.parse(frames(1, null).get(0));
        assertEquals(0x13, md5.opcode());
        assertEquals(RomStatus.INVALID_MESSAGE, md5.error());
        send(Slip.encode(HexFormat.of().parseHex("000a0900000000000000")));
        assertEquals(RomStatus.INVALID_MESSAGE, RomResponse.parse(frames(1, null).get(0)).error());
        // FLASH_DATA outside a FLASH_BEGIN session's block count: failed to act.
        send(RomCommand.flashData(5, block).frame());
        assertEquals(RomStatus.FAILED_TO_ACT, RomResponse.parse(frames(1, null).get(0)).error());
    }

    @Test
    void flashEndRebootsIntoFirmwareAndAResetReturnsToTheLoader() throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Firmware echo = (in, out, ctx) -> {
            out.write("MicroPython-ish\r\n".getBytes(StandardCharsets.US_ASCII));
            int c;
            while ((c = in.read()) >= 0) {
                seen.write(c);
                if (c == 'R') {
                    ctx.requestReset(BootMode.BOOTLOADER);
                }
            }
        };
        start(BoardEmulator.builder(FlashMemory.inMemory(1 << 20)).firmware(echo));
        send(RomCommand.flashEnd(true).frame());
        assertTrue(RomResponse.parse(frames(1, null).get(0)).ok());
        String boot = text(300);
        assertTrue(boot.contains("boot mode:(3,6)") && boot.contains("MicroPython-ish"), boot);
        assertEquals(BootMode.FIRMWARE, board.mode());
        send("abR".getBytes(StandardCharsets.US_ASCII));
        assertTrue(text(300).contains("boot mode:(1,7)"));
        assertEquals(BootMode.BOOTLOADER, board.mode());
        assertEquals("abR", seen.toString(StandardCharsets.US_ASCII));
        send(RomCommand.sync().frame());
        assertEquals(8, frames(8, null).size());
    }

    @Test
    void withoutFirmwareTheBoardPrintsTheRomLineAndIdles() throws Exception {
        start(BoardEmulator.builder(FlashMemory.inMemory(1 << 20)).mode(BootMode.FIRMWARE));
        assertTrue(text(300).contains("ets Jan  8 2013,rst cause:2, boot mode:(3,6)"));
        send(RomCommand.sync().frame());
        assertEquals("", text(300), "no loader in firmware mode");
        board.reset(BootMode.BOOTLOADER);
        assertTrue(text(300).contains("boot mode:(1,7)"));
    }

    @Test
    void pacesRepliesAtTheSimulatedBaudRate() throws Exception {
        start(BoardEmulator.builder(FlashMemory.inMemory(1 << 20)).baud(9600));
        text(100); // boot line
        long t0 = System.nanoTime();
        send(RomCommand.sync().frame()); // 46 bytes in, 8 x 12 bytes out = 142 bytes = ~148 ms at 9600
        frames(8, null);
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(ms > 130, "took only " + ms + " ms");
    }

    @Test
    void reproducesTheRomEraseBug() throws Exception {
        FlashMemory flash = FlashMemory.inMemory(1 << 20);
        flash.program(0, new byte[0x40000]);
        start(BoardEmulator.builder(flash));
        // Asking the ROM to erase 64 KB at 0x10000 (no correction) erases min(16, 16) + 16 = 32
        // sectors: the 64 KB after the region go too (EraseSize's model of SPIEraseArea).
        send(RomCommand.flashBegin(0x10000, 0, 0x400, 0x10000).frame());
        assertTrue(RomResponse.parse(frames(1, null).get(0)).ok());
        assertEquals((byte) 0xFF, flash.read(0x2F000, 1)[0], "over-erased");
        assertEquals(0, flash.read(0x30000, 1)[0], "stops after 32 sectors");
        assertEquals(0, flash.read(0x0F000, 1)[0], "nothing before the offset");
    }

    @Test
    void faultsParseAndRejectNonsense() {
        assertFalse(Faults.parse(List.of("drop-in:5", "stall:3:100", "mute")).isEmpty());
        var e = assertThrows(dev.ussllab.profile.LabException.class, () -> Faults.parse(List.of("explode:3")));
        assertTrue(e.oneLine().contains("explode:3"));
    }

    /** A request packet with this opcode and little-endian words (the stub's commands have no RomCommand factory). */
    private static byte[] request(int op, long... words) {
        return new RomCommand(op, wordsOf(words), 0).frame();
    }

    private static byte[] wordsOf(long... words) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * words.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putInt((int) w);
        }
        return b.array();
    }

    /** MEM_BEGIN/MEM_DATA/MEM_END of a program into IRAM, entry inside it, as esptool's run_stub() does. */
    private void uploadStub() throws Exception {
        byte[] text = new byte[0x100];
        send(request(0x05, text.length, 1, 0x1800, 0x4010C500L));
        assertTrue(RomResponse.parse(frames(1, null).get(0)).ok());
        byte[] d = new byte[16 + text.length];
        System.arraycopy(wordsOf(text.length, 0, 0, 0), 0, d, 0, 16);
        send(new RomCommand(0x07, d, RomCommand.checksum(text, 0, text.length)).frame());
        assertTrue(RomResponse.parse(frames(1, null).get(0)).ok());
        send(request(0x06, 0, 0x4010C504L));
        List<byte[]> f = frames(2, null);
        assertTrue(RomResponse.parse(f.get(0)).ok(), "MEM_END answered by the ROM");
        // stub_flasher.c stub_main(): SLIP_send("OHAI") as soon as it runs.
        assertEquals("OHAI", new String(f.get(1), StandardCharsets.US_ASCII));
    }

    /**
     * The stub's protocol, byte for byte from flasher_stub/stub_flasher.c and stub_commands.c: one
     * reply per command with the error code in the first status byte; SPI_FLASH_MD5 as 16 raw
     * bytes; READ_FLASH as the reply, data frames each acknowledged, then the MD5 of all data.
     */
    @Test
    void afterAStubUploadTheBoardServesTheStubProtocol() throws Exception {
        FlashMemory flash = FlashMemory.inMemory(1 << 20);
        start(BoardEmulator.builder(flash));
        uploadStub();
        // SYNC to the stub: one reply, value 0, "not implemented" (how esptool-js tells a running stub).
        send(RomCommand.sync().frame());
        assertEquals("0108020000000000ff00", HexFormat.of().formatHex(frames(1, null).get(0)));

        byte[] data = new byte[5000];
        new java.util.Random(7).nextBytes(data);
        java.util.zip.Deflater z = new java.util.zip.Deflater(9);
        z.setInput(data);
        z.finish();
        byte[] comp = new byte[8000];
        int clen = z.deflate(comp);
        comp = java.util.Arrays.copyOf(comp, clen);
        send(request(0x10, data.length, 1, 0x4000, 0x3000)); // FLASH_DEFL_BEGIN
        assertEquals("0110020000000000" + "0000", HexFormat.of().formatHex(frames(1, null).get(0)));
        byte[] body = new byte[16 + comp.length];
        System.arraycopy(wordsOf(comp.length, 0, 0, 0), 0, body, 0, 16);
        System.arraycopy(comp, 0, body, 16, comp.length);
        send(new RomCommand(0x11, body, RomCommand.checksum(comp, 0, comp.length)).frame());
        assertEquals("0000", HexFormat.of().formatHex(frames(1, null).get(0), 8, 10));
        send(request(0x12, 1)); // FLASH_DEFL_END, stay
        assertEquals("0000", HexFormat.of().formatHex(frames(1, null).get(0), 8, 10));
        assertArrayEquals(data, flash.read(0x3000, data.length));

        send(request(0x13, 0x3000, data.length, 0, 0)); // SPI_FLASH_MD5
        byte[] md5 = frames(1, null).get(0);
        assertArrayEquals(java.security.MessageDigest.getInstance("MD5").digest(data), java.util.Arrays.copyOfRange(md5, 8, 24));
        assertEquals(26, md5.length, "16 raw bytes and 2 status bytes");

        send(request(0xD2, 0x3000, data.length, 0x1000, 64)); // READ_FLASH
        List<byte[]> r = frames(2, null);
        assertEquals("01d2020000000000" + "0000", HexFormat.of().formatHex(r.get(0)));
        assertArrayEquals(java.util.Arrays.copyOf(data, 0x1000), r.get(1), "one 4 KB block, then the stub waits for the ack");
        send(Slip.encode(wordsOf(0x1000)));
        byte[] rest = frames(1, null).get(0);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 0x1000, data.length), rest);
        send(Slip.encode(wordsOf(data.length)));
        assertArrayEquals(java.security.MessageDigest.getInstance("MD5").digest(data), frames(1, null).get(0), "the digest ends the read");

        send(request(0xD1, 0x3100, 0x1000)); // ERASE_REGION, unaligned: handle_flash_erase() returns 0x32
        assertEquals("3200", HexFormat.of().formatHex(frames(1, null).get(0), 8, 10));
        send(request(0xD1, 0x3000, 0x1000));
        assertEquals("0000", HexFormat.of().formatHex(frames(1, null).get(0), 8, 10));
        assertEquals((byte) 0xFF, flash.read(0x3FFF, 1)[0]);
        assertEquals(data[0x1000], flash.read(0x4000, 1)[0], "the next sector is kept");
        send(request(0xD0)); // ERASE_FLASH
        assertEquals("0000", HexFormat.of().formatHex(frames(1, null).get(0), 8, 10));
        assertEquals((byte) 0xFF, flash.read(0x4000, 1)[0]);
        send(request(0x42)); // unknown to the stub too
        assertEquals("ff00", HexFormat.of().formatHex(frames(1, null).get(0), 8, 10));
    }

    /** A jump into RAM where nothing was loaded: the ROM answers MEM_END, then nothing answers until a reset. */
    @Test
    void aJumpToNothingLeavesTheBoardSilent() throws Exception {
        start(BoardEmulator.builder(FlashMemory.inMemory(1 << 20)));
        send(request(0x06, 0, 0x40100004L));
        assertTrue(RomResponse.parse(frames(1, null).get(0)).ok());
        send(RomCommand.sync().frame());
        assertEquals("", text(300), "no answer from code we cannot see");
    }
}
