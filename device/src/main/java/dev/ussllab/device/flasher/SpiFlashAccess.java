package dev.ussllab.device.flasher;

import static dev.ussllab.device.rom.Esp8266Target.*;

import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomOpcode;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the ESP8266 SPI0 controller's user-command registers through READ_REG/WRITE_REG, the
 * route esptool run_spiflash_command() takes for flash_id: command byte in SPI_USR2, phases in
 * SPI_USR, lengths in SPI_USR1, address MSB-aligned in SPI_ADDR (esptool SPI_ADDR_REG_MSB, which
 * the ESP8266 target leaves true), start with SPI_CMD bit 18, poll until the bit clears, result in
 * W0..W15. Reading data uses the same route with the READ (0x03) command and 24-bit address,
 * 64 bytes (the whole W buffer) at a time.
 */
final class SpiFlashAccess {

    /** esptool wait_done(): the bit normally clears at once; give up after this many polls. */
    static final int DONE_POLLS = 10;
    static final int READ_CHUNK = 4 * SPI_DATA_WORDS;

    private final Esp8266Flasher rom;

    SpiFlashAccess(Esp8266Flasher rom) {
        this.rom = rom;
    }

    /** RDID: manufacturer in bits 0-7, memory type 8-15, capacity 16-23 (esptool flash_id()). */
    long readJedecId() throws IOException {
        long oldUsr = rom.readReg(SPI_USR_REG);
        long oldUsr2 = rom.readReg(SPI_USR2_REG);
        rom.writeReg(SPI_USR1_REG, (24 - 1L) << SPI_MISO_BITLEN_SHIFT);
        rom.writeReg(SPI_USR_REG, SPI_USR_COMMAND | SPI_USR_MISO);
        rom.writeReg(SPI_USR2_REG, (7L << SPI_USR2_COMMAND_LEN_SHIFT) | SPIFLASH_RDID);
        rom.writeReg(SPI_W0_REG, 0);
        start();
        long id = rom.readReg(SPI_W0_REG) & 0xFFFFFF;
        rom.writeReg(SPI_USR_REG, oldUsr);
        rom.writeReg(SPI_USR2_REG, oldUsr2);
        return id;
    }

    /**
     * Reads {@code length} bytes at {@code offset}; {@code progress} gets bytes done so far. Per
     * 64 bytes: the address, the start bit, then W0..W15, pipelined in three groups of requests
     * that each fit the ROM's 128-byte receive FIFO (three round trips instead of nineteen). The
     * start bit is not polled: the chip moves 64 bytes in about 15 us at 40 MHz, less than one
     * READ_REG frame takes on the wire even at 921600 baud.
     */
    byte[] read(long offset, int length, java.util.function.LongConsumer progress) throws IOException {
        long oldUsr = rom.readReg(SPI_USR_REG);
        long oldUsr2 = rom.readReg(SPI_USR2_REG);
        rom.writeReg(SPI_USR1_REG, ((READ_CHUNK * 8 - 1L) << SPI_MISO_BITLEN_SHIFT) | ((24 - 1L) << SPI_USR_ADDR_LEN_SHIFT));
        rom.writeReg(SPI_USR_REG, SPI_USR_COMMAND | SPI_USR_ADDR | SPI_USR_MISO);
        rom.writeReg(SPI_USR2_REG, (7L << SPI_USR2_COMMAND_LEN_SHIFT) | SPIFLASH_READ);
        byte[] out = new byte[length];
        for (int done = 0; done < length; done += READ_CHUNK) {
            int n = Math.min(READ_CHUNK, length - done);
            int words = (n + 3) / 4;
            List<RomCommand> first = new ArrayList<>(List.of(
                    RomCommand.writeReg(SPI_ADDR_REG, ((offset + done) & 0xFFFFFF) << 8, 0xFFFFFFFFL, 0),
                    RomCommand.writeReg(SPI_CMD_REG, SPI_CMD_USR, 0xFFFFFFFFL, 0)));
            List<List<RomCommand>> groups = new ArrayList<>();
            groups.add(first);
            for (int w = 0; w < words; w++) {
                List<RomCommand> g = groups.get(groups.size() - 1);
                if (g.size() >= (groups.size() == 1 ? 6 : 6)) {
                    g = new ArrayList<>();
                    groups.add(g);
                }
                g.add(RomCommand.readReg(SPI_W0_REG + 4L * w));
            }
            int word = 0;
            for (List<RomCommand> g : groups) {
                for (RomResponse r : rom.pipelined("read flash at " + String.format("0x%08X", offset + done), g)) {
                    if (r.opcode() != RomOpcode.READ_REG.code) {
                        continue;
                    }
                    long v = r.value();
                    for (int b = 0; b < 4 && word * 4 + b < n; b++) {
                        out[done + word * 4 + b] = (byte) (v >> (8 * b));
                    }
                    word++;
                }
            }
            progress.accept(done + n);
        }
        rom.writeReg(SPI_USR_REG, oldUsr);
        rom.writeReg(SPI_USR2_REG, oldUsr2);
        return out;
    }

    private void start() throws IOException {
        rom.writeReg(SPI_CMD_REG, SPI_CMD_USR);
        for (int i = 0; i < DONE_POLLS; i++) {
            if ((rom.readReg(SPI_CMD_REG) & SPI_CMD_USR) == 0) {
                return;
            }
        }
        throw LabException.failure("the SPI flash command did not complete (SPI_CMD bit 18 stayed set)",
                "the flash chip may be faulty or not connected; power-cycle the board and retry");
    }
}
