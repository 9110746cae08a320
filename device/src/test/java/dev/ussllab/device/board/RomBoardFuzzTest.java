package dev.ussllab.device.board;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.flasher.FlasherFuzzTest;
import dev.ussllab.device.fuzz.Fuzz;
import dev.ussllab.device.fuzz.FuzzedBoard;
import dev.ussllab.device.fuzz.Pipe;
import dev.ussllab.device.fuzz.RecordingLink;
import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomOpcode;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.device.rom.Slip;
import dev.ussllab.device.rom.StubProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 section 6, the board's side of the ROM protocol: what the emulated ESP8266 makes of
 * the bytes a host sends (SLIP frames into the ROM loader, and into esptool's flasher stub once a
 * host uploaded it), fuzzed for a bounded time. Seeds: what {@code flash} sent in the sessions
 * FlasherFuzzTest records, and a stub session as esptool drives it (upload with MEM_*, then
 * SPI_ATTACH, CHANGE_BAUDRATE, compressed and plain writes, MD5, READ_FLASH with its acks, erases).
 * Each input goes either straight through the decoder into the loaders (cheap, so most inputs) or
 * over the wire into a running board, which afterwards must still answer: any frame to a SYNC,
 * or, after a reset, the ROM's SYNC reply. An exception out of a loader, a board thread that dies,
 * a board that no longer answers after a reset, or an input past the deadline fails the run.
 */
@Tag("long")
public class RomBoardFuzzTest {

    static final long IRAM_STUB = 0x4010C500L;

    @Test
    void garbageOnTheWireIsAnsweredOrIgnoredNeverCrashesTheBoard() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (RecordingLink l : FlasherFuzzTest.recordSessions()) {
            corpus.add(l.hostBytes());
        }
        corpus.add(stubSession());
        for (byte[] seed : corpus) {
            check(seed); // the seeds themselves pass, or the fuzzer would only find what they break
        }
        Fuzz fz = Fuzz.start("board ROM loader and stub (host to board)", 30);
        Random r = fz.random();
        int direct = 0;
        int wire = 0;
        while (fz.more()) {
            // Half the inputs from the stub session: it holds most of the commands (the flasher sessions use the ROM's few).
            byte[] seed = r.nextBoolean() ? corpus.get(corpus.size() - 1) : corpus.get(r.nextInt(corpus.size()));
            byte[] input = r.nextBoolean() ? Fuzz.mutateFrames(seed, r) : Fuzz.mutate(seed, r);
            if (r.nextInt(20) != 0) {
                direct++;
                fz.run("rom-board", input, () -> {
                    loaders(input);
                    return null;
                }, t -> false);
            } else {
                wire++;
                fz.run("rom-board", input, () -> {
                    wire(input);
                    return null;
                }, t -> false);
            }
        }
        fz.close();
        System.out.println(fz.summary(direct + " straight into the loaders, " + wire + " over the wire into a running board"));
        assertTrue(fz.failures().isEmpty(), fz.summary(""));
    }

    /** Both checks on one kept input (the regressions test). */
    public static void check(byte[] input) throws Exception {
        loaders(input);
        wire(input);
    }

    /** The frames of the input through the ROM loader, and through the stub once the ROM would run it. */
    static void loaders(byte[] input) {
        FlashMemory flash = FlashMemory.inMemory(1 << 20);
        RomLoader rom = new RomLoader(flash, BoardEmulator.DEFAULT_MAC, 0x1440EFL, 0, new long[] {0x2000}, dev.ussllab.device.rom.Esp8266Target.CHIP_MAGIC);
        StubLoader stub = null;
        Slip.Decoder d = new Slip.Decoder();
        for (byte b : input) {
            byte[] p = d.feed(b);
            if (p == null) {
                continue;
            }
            if (stub != null) {
                StubLoader.Result r = stub.handle(p);
                if (r.after() == StubLoader.After.RUN_FIRMWARE) {
                    stub = null; // the firmware runs; a reset later brings a fresh ROM
                    rom = new RomLoader(flash, BoardEmulator.DEFAULT_MAC, 0x1440EFL, 0, new long[] {0x2000}, dev.ussllab.device.rom.Esp8266Target.CHIP_MAGIC);
                }
                continue;
            }
            RomLoader.Result r = rom.handle(p);
            for (RomResponse reply : r.replies()) {
                if (RomResponse.parse(reply.encode()) == null) {
                    throw new AssertionError("the ROM sent a reply a host cannot parse: " + reply);
                }
            }
            if (r.after() == RomLoader.After.RUN_STUB) {
                stub = new StubLoader(flash, rom, new long[0]);
            }
        }
    }

    /** Over the wire into a running board (no line pacing), then: still there? */
    static void wire(byte[] input) throws Exception {
        FlashMemory flash = FlashMemory.inMemory(1 << 20);
        BoardEmulator board = BoardEmulator.builder(flash).build();
        FuzzedBoard fb = FuzzedBoard.start(board, "fuzzed-board");
        Pipe in = fb.in;
        Pipe out = fb.out;
        try {
            fb.feed(input, 512);
            Slip.Decoder d = new Slip.Decoder();
            quiet(out, d, 100);
            fb.alive();
            // Still answering? Anything framed will do: the ROM's SYNC reply, or the stub's refusal.
            in.put(RomCommand.sync().frame(), 0, RomCommand.sync().frame().length);
            if (anyFrame(out, d, 500) == null) {
                // Silent by design (it jumped to code it did not load, or runs no firmware): a reset brings the ROM back.
                board.reset(BootMode.BOOTLOADER);
                quiet(out, d, 200);
                byte[] sync = RomCommand.sync().frame();
                RomResponse reply = null;
                for (int i = 0; i < 3 && reply == null; i++) {
                    in.put(sync, 0, sync.length);
                    byte[] p;
                    while ((p = anyFrame(out, d, 2000)) != null) {
                        RomResponse x = RomResponse.parse(p);
                        if (x != null && x.opcode() == RomOpcode.SYNC.code && x.ok()) {
                            reply = x;
                            break;
                        }
                    }
                }
                fb.alive();
                if (reply == null) {
                    throw new AssertionError("the board answers no SYNC after a reset: wedged");
                }
            }
            fb.alive();
        } finally {
            fb.hangUp();
        }
        fb.assertNotDied();
    }

    /** Reads (and decodes) until nothing came for {@code ms}. */
    private static void quiet(Pipe out, Slip.Decoder d, long ms) throws InterruptedException {
        byte[] buf = new byte[4096];
        int n;
        while ((n = out.read(buf, 0, buf.length, ms * 1_000_000L)) > 0) {
            for (int i = 0; i < n; i++) {
                d.feed(buf[i]);
            }
        }
    }

    /** The next complete frame within {@code ms}, or null. */
    private static byte[] anyFrame(Pipe out, Slip.Decoder d, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        byte[] one = new byte[1];
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (out.read(one, 0, 1, left) > 0) {
                byte[] p = d.feed(one[0]);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * A stub session as esptool (and esptool-js) drives it, built from the protocol facts
     * (StubProtocol, esptool loader.py): SYNC, the stub uploaded into IRAM with MEM_BEGIN/MEM_DATA
     * and started with MEM_END, then the stub's commands.
     */
    static byte[] stubSession() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(RomCommand.sync().frame());
        byte[] code = new byte[0x200];
        new Random(8266).nextBytes(code);
        s.writeBytes(cmd(RomOpcode.MEM_BEGIN.code, words(code.length, 1, StubProtocol.RAM_BLOCK, IRAM_STUB), 0));
        s.writeBytes(cmd(RomOpcode.MEM_DATA.code, cat(words(code.length, 0, 0, 0), code), RomCommand.checksum(code, 0, code.length)));
        s.writeBytes(cmd(RomOpcode.MEM_END.code, words(0, IRAM_STUB), 0));
        s.writeBytes(cmd(StubProtocol.SPI_ATTACH, words(0, 0), 0));
        s.writeBytes(cmd(StubProtocol.CHANGE_BAUDRATE, words(460800, 115200), 0));
        s.writeBytes(cmd(StubProtocol.SPI_SET_PARAMS, words(0, 1 << 20, 64 << 10, 4 << 10, 256, 0xFFFF), 0));
        byte[] image = new byte[6000];
        new Random(6000).nextBytes(image);
        java.util.Arrays.fill(image, 2000, 5000, (byte) 0x55);
        Deflater z = new Deflater(9);
        z.setInput(image);
        z.finish();
        byte[] zbuf = new byte[8192];
        byte[] packed = java.util.Arrays.copyOf(zbuf, z.deflate(zbuf));
        int block = 0x400;
        int blocks = (packed.length + block - 1) / block;
        s.writeBytes(cmd(StubProtocol.FLASH_DEFL_BEGIN, words(image.length, blocks, block, 0x8000), 0));
        for (int i = 0; i < blocks; i++) {
            byte[] piece = java.util.Arrays.copyOfRange(packed, i * block, Math.min(packed.length, (i + 1) * block));
            s.writeBytes(cmd(StubProtocol.FLASH_DEFL_DATA, cat(words(piece.length, i, 0, 0), piece), RomCommand.checksum(piece, 0, piece.length)));
        }
        s.writeBytes(cmd(StubProtocol.FLASH_DEFL_END, words(1), 0));
        s.writeBytes(cmd(StubProtocol.SPI_FLASH_MD5, words(0x8000, image.length, 0, 0), 0));
        s.writeBytes(cmd(StubProtocol.READ_FLASH, words(0x8000, 0x1000, 0x400, 0x800), 0));
        for (int acked = 0x400; acked <= 0x1000; acked += 0x400) {
            s.writeBytes(Slip.encode(words(acked)));
        }
        s.writeBytes(cmd(StubProtocol.ERASE_REGION, words(0x20000, 0x1000), 0));
        byte[] plain = new byte[0x400];
        new Random(1024).nextBytes(plain);
        s.writeBytes(cmd(RomOpcode.FLASH_BEGIN.code, words(0x400, 1, 0x400, 0x30000), 0));
        s.writeBytes(cmd(RomOpcode.FLASH_DATA.code, cat(words(plain.length, 0, 0, 0), plain), RomCommand.checksum(plain, 0, plain.length)));
        s.writeBytes(cmd(RomOpcode.READ_REG.code, words(0x3FF00050L), 0));
        s.writeBytes(cmd(RomOpcode.WRITE_REG.code, words(0x60000200L, 0, 0xFFFFFFFFL, 0), 0));
        s.writeBytes(cmd(StubProtocol.ERASE_FLASH, new byte[0], 0));
        s.writeBytes(cmd(RomOpcode.FLASH_END.code, words(0), 0));
        return s.toByteArray();
    }

    private static byte[] cmd(int op, byte[] data, int checksum) {
        return new RomCommand(op, data, checksum).frame();
    }

    static byte[] words(long... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
