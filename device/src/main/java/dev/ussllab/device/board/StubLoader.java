package dev.ussllab.device.board;

import static dev.ussllab.device.rom.StubProtocol.*;

import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomOpcode;
import dev.ussllab.device.rom.Slip;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What esptool's flasher stub does once it runs in the board's RAM (flasher_stub/stub_flasher.c
 * cmd_loop and its handlers): one reply per command, with the stub's error codes; writes that
 * erase sector by sector as data arrives (block erases on 64 KB boundaries); zlib-compressed
 * writes; MD5 of a flash range; the windowed READ_FLASH (data frames, the host's acks, then the
 * MD5 of what was sent); chip and region erase; a baud rate change after the reply. No I/O: bytes
 * in, frames out, as {@link RomLoader}.
 */
final class StubLoader {

    /** What the board does after sending the frames. */
    enum After { STAY, RUN_FIRMWARE }

    /** Frames to send (already SLIP-framed); {@code newBaud} > 0 switches the UART after them. */
    record Result(List<byte[]> frames, After after, int newBaud) {}

    private final FlashMemory flash;
    private final RomLoader registers;
    private final long[] stuck;

    // flash-mode state (stub_write_flash.c fs)
    private boolean inFlashMode;
    private long nextWrite;
    private long nextEraseSector;
    private long remaining;
    private long remainingEraseSectors;
    private int lastError;
    private Inflater inflater;

    // READ_FLASH in progress (stub_commands.c handle_flash_read): data frames wait for acks.
    private long readAt;
    private long readLeft;
    private long readSent;
    private int readBlock;
    private long readMaxInFlight;
    private MessageDigest readMd5;

    StubLoader(FlashMemory flash, RomLoader registers, long[] stuck) {
        this.flash = flash;
        this.registers = registers;
        this.stuck = stuck.clone();
    }

    /** The greeting the stub sends as soon as it starts. */
    static byte[] greeting() {
        return Slip.encode(GREETING);
    }

    Result handle(byte[] packet) {
        if (readMd5 != null) {
            return readAck(packet);
        }
        RomCommand c;
        try {
            c = RomCommand.parse(packet);
        } catch (IllegalArgumentException e) {
            // stub_flasher.c: a frame that is not a command is still answered, with "bad data length".
            return one(packet.length > 1 ? packet[1] & 0xFF : 0, 0, BAD_DATA_LEN);
        }
        int op = c.opcode();
        byte[] d = c.data();
        if (op == RomOpcode.SYNC.code) {
            // The stub has no SYNC handler: one reply, value 0 (how esptool-js tells a running stub).
            return one(op, 0, CMD_NOT_IMPLEMENTED);
        } else if (op == RomOpcode.READ_REG.code) {
            return d.length != 4 ? one(op, 0, BAD_DATA_LEN) : one(op, registers.readRegister(c.word(0)), OK);
        } else if (op == RomOpcode.WRITE_REG.code) {
            if (d.length == 0 || d.length % 16 != 0) {
                return one(op, 0, BAD_DATA_LEN);
            }
            for (int i = 0; i < d.length / 16; i++) {
                registers.writeRegister(c.word(4 * i), c.word(4 * i + 1), c.word(4 * i + 2));
            }
            return one(op, 0, OK);
        } else if (op == RomOpcode.MEM_BEGIN.code || op == RomOpcode.MEM_DATA.code || op == RomOpcode.MEM_END.code) {
            return one(op, 0, OK); // RAM loads into the stub's free RAM: accepted, nothing to run here
        } else if (op == SPI_SET_PARAMS) {
            return one(op, 0, d.length == 24 ? OK : BAD_DATA_LEN);
        } else if (op == SPI_ATTACH) {
            return one(op, 0, d.length == 8 ? OK : BAD_DATA_LEN);
        } else if (op == CHANGE_BAUDRATE) {
            if (d.length != 8) {
                return one(op, 0, BAD_DATA_LEN);
            }
            long baud = c.word(0);
            if (baud == 0) {
                // baud_rate_to_divider would divide by zero; the emulated stub answers and keeps its
                // rate rather than guess what the chip does then (esptool never sends 0).
                return one(op, 0, OK);
            }
            registers.writeRegister(Esp8266Target.UART_CLKDIV_REG, divider(baud), Esp8266Target.UART_CLKDIV_MASK);
            return new Result(List.of(frame(op, 0, new byte[0], OK)), After.STAY, (int) baud);
        } else if (op == RomOpcode.FLASH_BEGIN.code) {
            return d.length != 16 ? one(op, 0, BAD_DATA_LEN) : one(op, 0, begin(c.word(1) * c.word(2), c.word(3), false));
        } else if (op == FLASH_DEFL_BEGIN) {
            return d.length != 16 ? one(op, 0, BAD_DATA_LEN) : one(op, 0, begin(c.word(0), c.word(3), true));
        } else if (op == RomOpcode.FLASH_DATA.code || op == FLASH_DEFL_DATA) {
            return data(c, op == FLASH_DEFL_DATA);
        } else if (op == RomOpcode.FLASH_END.code || op == FLASH_DEFL_END) {
            int err = inFlashMode ? lastError : NOT_IN_FLASH_MODE;
            inFlashMode = false;
            inflater = null;
            flash.sync();
            // FLASH_END with 0 ("reboot") makes the stub reset into the firmware; the deflate variant only ends.
            boolean reboot = op == RomOpcode.FLASH_END.code && err == OK && d.length == 4 && c.word(0) == 0;
            return new Result(List.of(frame(op, 0, new byte[0], err)), reboot ? After.RUN_FIRMWARE : After.STAY, 0);
        } else if (op == SPI_FLASH_MD5) {
            return d.length != 16 ? one(op, 0, BAD_DATA_LEN) : md5(op, c.word(0), c.word(1));
        } else if (op == ERASE_FLASH) {
            if (d.length != 0) {
                return one(op, 0, BAD_DATA_LEN);
            }
            for (long s = 0; s < flash.size() / FlashMemory.SECTOR_SIZE; s++) {
                flash.eraseSector(s);
            }
            return one(op, 0, OK);
        } else if (op == ERASE_REGION) {
            return d.length != 8 ? one(op, 0, BAD_DATA_LEN) : one(op, 0, eraseRegion(c.word(0), c.word(1)));
        } else if (op == READ_FLASH) {
            return d.length != 16 ? one(op, 0, BAD_DATA_LEN) : startRead(op, c.word(0), c.word(1), c.word(2), c.word(3));
        } else if (op == RUN_USER_CODE) {
            return new Result(List.of(), After.RUN_FIRMWARE, 0); // no reply: the stub jumps to the firmware
        }
        return one(op, 0, CMD_NOT_IMPLEMENTED);
    }

    private int begin(long totalSize, long offset, boolean deflate) {
        inFlashMode = true;
        nextWrite = offset;
        nextEraseSector = offset / FlashMemory.SECTOR_SIZE;
        remaining = totalSize;
        remainingEraseSectors = (totalSize + FlashMemory.SECTOR_SIZE - 1) / FlashMemory.SECTOR_SIZE;
        lastError = OK;
        inflater = deflate ? new Inflater() : null;
        return OK;
    }

    private Result data(RomCommand c, boolean deflate) {
        int op = c.opcode();
        byte[] d = c.data();
        if (!inFlashMode) {
            return one(op, 0, NOT_IN_FLASH_MODE);
        }
        if (d.length < 16 || c.word(0) != d.length - 16) {
            return one(op, 0, BAD_DATA_LEN);
        }
        if (RomCommand.checksum(d, 16, d.length - 16) != c.checksum()) {
            return one(op, 0, BAD_DATA_CHECKSUM);
        }
        // The stub acks first and writes while the next block arrives; a failure shows at FLASH_END.
        byte[] payload = java.util.Arrays.copyOfRange(d, 16, d.length);
        if (!deflate) {
            write(payload);
        } else if (inflater == null) {
            lastError = INFLATE_ERROR;
        } else {
            inflater.setInput(payload);
            byte[] out = new byte[32768];
            try {
                while (remaining > 0 && !inflater.finished()) {
                    int n = inflater.inflate(out);
                    if (n == 0) {
                        if (inflater.needsInput() || inflater.needsDictionary()) {
                            break;
                        }
                    } else {
                        write(java.util.Arrays.copyOf(out, (int) Math.min(n, remaining)));
                    }
                }
            } catch (DataFormatException e) {
                lastError = INFLATE_ERROR;
            }
        }
        return one(op, 0, OK);
    }

    /** stub_write_flash.c handle_flash_data: erase up to the sector this write ends in, then program. */
    private void write(byte[] data) {
        long lastSector = (nextWrite + data.length + FlashMemory.SECTOR_SIZE - 1) / FlashMemory.SECTOR_SIZE;
        if (!flash.contains(nextWrite, data.length)) {
            lastError = FAILED_SPI_OP;
            nextWrite += data.length;
            remaining -= data.length;
            return;
        }
        while (nextEraseSector < lastSector) {
            int n = nextEraseSector % Esp8266Target.SECTORS_PER_BLOCK == 0 && remainingEraseSectors > Esp8266Target.SECTORS_PER_BLOCK
                    ? Esp8266Target.SECTORS_PER_BLOCK : 1;
            for (int i = 0; i < n && (nextEraseSector + i) * FlashMemory.SECTOR_SIZE < flash.size(); i++) {
                flash.eraseSector(nextEraseSector + i);
            }
            nextEraseSector += n;
            remainingEraseSectors -= n;
        }
        flash.program(nextWrite, data);
        RomLoader.applyStuck(flash, stuck, nextWrite, data.length);
        nextWrite += data.length;
        remaining -= data.length;
    }

    private Result md5(int op, long offset, long size) {
        if (!flash.contains(offset, size)) {
            return one(op, 0, MD5_READ_FAILED);
        }
        MessageDigest md = md5();
        for (long at = offset; at < offset + size; at += FlashMemory.SECTOR_SIZE) {
            md.update(flash.read(at, (int) Math.min(FlashMemory.SECTOR_SIZE, offset + size - at)));
        }
        // The ESP32 ROM answers in 32 hex digits; the stub sends the 16 raw bytes (esptool reads either).
        return new Result(List.of(frame(op, 0, md.digest(), OK)), After.STAY, 0);
    }

    private int eraseRegion(long offset, long size) {
        if (offset % FlashMemory.SECTOR_SIZE != 0) {
            return ERASE_BAD_OFFSET;
        }
        if (size % FlashMemory.SECTOR_SIZE != 0) {
            return ERASE_BAD_SIZE;
        }
        if (!flash.contains(offset, size)) {
            return FAILED_SPI_OP;
        }
        for (long s = offset / FlashMemory.SECTOR_SIZE; s < (offset + size) / FlashMemory.SECTOR_SIZE; s++) {
            flash.eraseSector(s);
        }
        return OK;
    }

    private Result startRead(int op, long offset, long length, long blockSize, long maxInFlight) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(frame(op, 0, new byte[0], OK));
        // handle_flash_read returns at once for a block larger than its 4 KB buffer: the reply, nothing more.
        if (blockSize == 0 || blockSize > FlashMemory.SECTOR_SIZE) {
            return new Result(frames, After.STAY, 0);
        }
        readAt = offset;
        readLeft = length;
        readSent = 0;
        readBlock = (int) blockSize;
        readMaxInFlight = maxInFlight;
        readMd5 = md5();
        sendBlocks(frames, 0);
        if (readMd5 != null && length == 0) {
            frames.add(Slip.encode(finishRead()));
        }
        return new Result(frames, After.STAY, 0);
    }

    /** Sends data frames while fewer than max-in-flight bytes are unacknowledged (at least one). */
    private void sendBlocks(List<byte[]> frames, long acked) {
        while (readLeft > 0 && (readSent - acked < readMaxInFlight || readSent == acked)) {
            int n = (int) Math.min(readBlock, readLeft);
            if (!flash.contains(readAt, n)) {
                readLeft = 0; // SPIRead fails past the chip: the stub stops sending and ends with the digest
                break;
            }
            byte[] block = flash.read(readAt, n);
            readMd5.update(block);
            frames.add(Slip.encode(block));
            readAt += n;
            readSent += n;
            readLeft -= n;
        }
    }

    private Result readAck(byte[] packet) {
        List<byte[]> frames = new ArrayList<>();
        if (packet.length != 4) {
            // SLIP_recv got something other than a 4-byte ack: the stub gives up and sends the digest.
            frames.add(Slip.encode(finishRead()));
            return new Result(frames, After.STAY, 0);
        }
        long acked = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (acked > readSent) {
            frames.add(Slip.encode(finishRead()));
            return new Result(frames, After.STAY, 0);
        }
        sendBlocks(frames, acked);
        if (acked == readSent && readLeft == 0) {
            frames.add(Slip.encode(finishRead()));
        }
        return new Result(frames, After.STAY, 0);
    }

    private byte[] finishRead() {
        byte[] digest = readMd5.digest();
        readMd5 = null;
        return digest;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static byte[] frame(int op, long value, byte[] data, int error) {
        return Slip.encode(reply(op, value, data, error));
    }

    private static Result one(int op, long value, int error) {
        return new Result(List.of(frame(op, value, new byte[0], error)), After.STAY, 0);
    }
}
