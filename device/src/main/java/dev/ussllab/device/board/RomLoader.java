package dev.ussllab.device.board;

import static dev.ussllab.device.rom.Esp8266Target.*;

import dev.ussllab.device.rom.EraseSize;
import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomOpcode;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.device.rom.RomStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ESP8266 ROM serial loader's behaviour: one request packet in, the reply packets out, with
 * the effects on flash and registers. No I/O; {@link BoardEmulator} moves the bytes.
 */
final class RomLoader {

    /** The ROM answers a SYNC eight times (esptool sync() drains the 7 extra replies). */
    static final int SYNC_REPLIES = 8;
    /** Value field of a SYNC reply: the payload's first word (serial-protocol.rst). */
    static final long SYNC_VALUE = 0x20120707L;

    /** What the board should do after sending the replies. */
    enum After { STAY, RUN_FIRMWARE, RUN_STUB, STAY_SILENT }

    /** {@code newBaud} > 0: the UART divider was written, so the line runs at that rate after the replies. */
    record Result(List<RomResponse> replies, After after, int newBaud) {
        Result(List<RomResponse> replies, After after) {
            this(replies, after, 0);
        }
    }

    /**
     * Instruction RAM: 32 KB IRAM from 0x40100000 plus the 32 KB above it that serves as flash
     * cache once the firmware runs, free in download mode; esptool's and esptool-js's stubs load
     * their code there (text_start 0x4010C500 in esptool-js 0.7.0's esp8266.json).
     */
    static final long IRAM_START = 0x40100000L;
    static final long IRAM_END = 0x40110000L;

    /** One RAM segment uploaded with MEM_BEGIN/MEM_DATA. */
    private record Segment(long address, byte[] bytes) {}

    private final List<Segment> ram = new java.util.ArrayList<>();
    private long memAddress = -1;
    private long memSize;
    private java.io.ByteArrayOutputStream memData;
    private final int initialBaud;

    private final FlashMemory flash;
    private final SpiFlashController spi;
    private final Map<Long, Long> registers = new HashMap<>();
    private long flashOffset = -1;
    private long flashBlocks;
    private long flashBlockSize;

    private final long[] stuck;

    RomLoader(FlashMemory flash, byte[] mac, long jedecId, int baud, long[] stuckOffsets, long chipMagic) {
        this.flash = flash;
        this.initialBaud = baud;
        this.stuck = stuckOffsets.clone();
        this.spi = new SpiFlashController(flash, jedecId);
        long[] efuses = efusesForMac(mac);
        registers.put(CHIP_DETECT_MAGIC_REG, chipMagic);
        registers.put(EFUSE_MAC0, efuses[0]);
        registers.put(EFUSE_MAC1, efuses[1]);
        registers.put(EFUSE_MAC2, efuses[2]);
        registers.put(EFUSE_MAC3, efuses[3]);
        // The ROM measures the host's rate while syncing; APB is 52 MHz (2 x 26 MHz crystal),
        // which gives 0x1C4 at 115200 as on real boards.
        registers.put(UART_CLKDIV_REG, (long) Math.ceil(52_000_000.0 / (baud > 0 ? baud : 115_200)));
    }

    Result handle(byte[] packet) {
        RomCommand c;
        try {
            c = RomCommand.parse(packet);
        } catch (IllegalArgumentException e) {
            int op = packet.length > 1 ? packet[1] & 0xFF : 0;
            return one(RomResponse.failure(op, RomStatus.INVALID_MESSAGE));
        }
        RomOpcode op = c.op();
        if (op == null) {
            return one(RomResponse.failure(c.opcode(), RomStatus.INVALID_MESSAGE));
        }
        return switch (op) {
            case SYNC -> sync(c);
            case READ_REG -> c.data().length != 4 ? bad(c) : one(RomResponse.success(c.opcode(), readReg(c.word(0))));
            case WRITE_REG -> writeReg(c);
            case FLASH_BEGIN -> flashBegin(c);
            case FLASH_DATA -> flashData(c);
            case FLASH_END -> flashEnd(c);
            case MEM_BEGIN, MEM_DATA -> memory(c);
            case MEM_END -> memEnd(c);
        };
    }

    /** Forgets a half-done flash session (the board was reset). */
    void reset() {
        flashOffset = -1;
    }

    private Result sync(RomCommand c) {
        byte[] d = c.data();
        if (d.length != 36 || d[0] != 7 || d[1] != 7 || d[2] != 0x12 || d[3] != 0x20) {
            return bad(c);
        }
        RomResponse r = RomResponse.success(c.opcode(), SYNC_VALUE);
        return new Result(java.util.Collections.nCopies(SYNC_REPLIES, r), After.STAY);
    }

    long readRegister(long address) {
        return readReg(address);
    }

    /** A register write as WRITE_REG does it (masked); a new UART divider changes the line rate. */
    int writeRegister(long address, long value, long mask) {
        long v = (readReg(address) & ~mask) | (value & mask);
        if (SpiFlashController.owns(address)) {
            spi.write(address, v);
            return 0;
        }
        registers.put(address, v & 0xFFFFFFFFL);
        long div = v & UART_CLKDIV_MASK;
        if (address == UART_CLKDIV_REG && div > 0 && initialBaud > 0) {
            return (int) Math.round(52_000_000.0 / div);
        }
        return 0;
    }

    /** The worn cells inside a write: every bit reads 0 after it, whatever was written. */
    static void applyStuck(FlashMemory flash, long[] stuck, long at, long size) {
        for (long s : stuck) {
            if (s >= at && s < at + size) {
                flash.program(s, new byte[] {0});
            }
        }
    }

    private long readReg(long address) {
        if (SpiFlashController.owns(address)) {
            return spi.read(address);
        }
        return registers.getOrDefault(address, 0L);
    }

    private Result writeReg(RomCommand c) {
        if (c.data().length != 16) {
            return bad(c);
        }
        int newBaud = writeRegister(c.word(0), c.word(1), c.word(2));
        // The ROM writes, waits delay_us, then replies: already at the new rate if the divider changed.
        return new Result(List.of(RomResponse.success(c.opcode(), 0)), After.STAY, newBaud);
    }

    private Result flashBegin(RomCommand c) {
        // Four words; a fifth (the ESP32 ROM's "encrypted" flag, which esptool-js sends to every
        // ROM) is ignored rather than refused: the ROM reads the fields it knows.
        if (c.data().length != 16 && c.data().length != 20) {
            return bad(c);
        }
        long eraseSize = c.word(0);
        long blocks = c.word(1);
        long blockSize = c.word(2);
        long offset = c.word(3);
        long sectors = EraseSize.romErasedSectors(offset, eraseSize);
        long first = offset / FLASH_SECTOR_SIZE;
        if (eraseSize > 0 && !flash.contains(offset, eraseSize)) {
            return one(RomResponse.failure(c.opcode(), RomStatus.FAILED_TO_ACT));
        }
        // The bug: the ROM erases more than asked (EraseSize); sectors past the chip end wrap
        // on a real part, here they are simply not there.
        for (long s = first; eraseSize > 0 && s < first + sectors && s * FLASH_SECTOR_SIZE < flash.size(); s++) {
            flash.eraseSector(s);
        }
        flashOffset = offset;
        flashBlocks = blocks;
        flashBlockSize = blockSize;
        return one(RomResponse.success(c.opcode(), 0));
    }

    private Result flashData(RomCommand c) {
        byte[] d = c.data();
        if (d.length < 16) {
            return bad(c);
        }
        long size = c.word(0);
        long seq = c.word(1);
        if (size != d.length - 16) {
            return bad(c);
        }
        if (RomCommand.checksum(d, 16, d.length - 16) != c.checksum()) {
            return one(RomResponse.failure(c.opcode(), RomStatus.BAD_CHECKSUM));
        }
        if (flashOffset < 0 || seq >= flashBlocks || size != flashBlockSize) {
            return one(RomResponse.failure(c.opcode(), RomStatus.FAILED_TO_ACT));
        }
        long at = flashOffset + seq * flashBlockSize;
        if (!flash.contains(at, size)) {
            return one(RomResponse.failure(c.opcode(), RomStatus.FLASH_WRITE_ERROR));
        }
        byte[] block = new byte[(int) size];
        System.arraycopy(d, 16, block, 0, block.length);
        flash.program(at, block);
        applyStuck(flash, stuck, at, size);
        return one(RomResponse.success(c.opcode(), 0));
    }

    private Result flashEnd(RomCommand c) {
        if (c.data().length != 4) {
            return bad(c);
        }
        flash.sync();
        flashOffset = -1;
        boolean stay = c.word(0) != 0;
        return new Result(List.of(RomResponse.success(c.opcode(), 0)), stay ? After.STAY : After.RUN_FIRMWARE);
    }

    /**
     * MEM_BEGIN(size, blocks, block size, address) and MEM_DATA(size, seq, 0, 0, data): the bytes
     * are kept per segment so that MEM_END can tell what was loaded (checksum checked as the ROM does).
     */
    private Result memory(RomCommand c) {
        byte[] d = c.data();
        if (c.op() == RomOpcode.MEM_BEGIN) {
            if (d.length != 16) {
                return bad(c);
            }
            memAddress = c.word(3);
            memSize = c.word(0);
            memData = new java.io.ByteArrayOutputStream();
            return one(RomResponse.success(c.opcode(), 0));
        }
        if (d.length < 16 || c.word(0) != d.length - 16) {
            return bad(c);
        }
        if (RomCommand.checksum(d, 16, d.length - 16) != c.checksum()) {
            return one(RomResponse.failure(c.opcode(), RomStatus.BAD_CHECKSUM));
        }
        if (memData == null || memData.size() + d.length - 16 > memSize) {
            return one(RomResponse.failure(c.opcode(), RomStatus.FAILED_TO_ACT));
        }
        memData.write(d, 16, d.length - 16);
        if (memData.size() == memSize) {
            ram.add(new Segment(memAddress, memData.toByteArray()));
            memData = null;
        }
        return one(RomResponse.success(c.opcode(), 0));
    }

    /**
     * MEM_END(no-execute flag, entry). With the flag clear the ROM jumps to the entry. A program
     * whose entry lies in a segment just loaded into IRAM is taken for esptool's flasher stub (the
     * only RAM program hosts upload to an ESP8266 through the loader): the board then serves the
     * stub's protocol. Any other jump lands where no code was loaded: the board stops answering.
     */
    private Result memEnd(RomCommand c) {
        if (c.data().length != 8) {
            return bad(c);
        }
        if (c.word(0) != 0) {
            return one(RomResponse.success(c.opcode(), 0));
        }
        long entry = c.word(1);
        boolean stub = ram.stream().anyMatch(s -> s.address() >= IRAM_START && s.address() < IRAM_END
                && entry >= s.address() && entry < s.address() + s.bytes().length);
        return new Result(List.of(RomResponse.success(c.opcode(), 0)), stub ? After.RUN_STUB : After.STAY_SILENT);
    }

    /** Bytes uploaded to RAM so far (for the emulator's log). */
    long ramBytes() {
        return ram.stream().mapToLong(s -> s.bytes().length).sum();
    }

    private static Result bad(RomCommand c) {
        return one(RomResponse.failure(c.opcode(), RomStatus.INVALID_MESSAGE));
    }

    private static Result one(RomResponse r) {
        return new Result(List.of(r), After.STAY);
    }
}
