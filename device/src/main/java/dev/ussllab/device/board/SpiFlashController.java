package dev.ussllab.device.board;

import static dev.ussllab.device.rom.Esp8266Target.*;

import java.util.Arrays;

/**
 * The ESP8266 SPI0 controller's "user command" registers, as far as a ROM-loader client drives
 * them through WRITE_REG/READ_REG (esptool run_spiflash_command): the command byte in SPI_USR2,
 * address phase and data lengths in SPI_USR/SPI_USR1, the address MSB-aligned in SPI_ADDR, the
 * 64-byte buffer W0..W15, and SPI_CMD bit 18 to start (cleared by the hardware when done; here at
 * once). Bytes from the flash land in W0 lowest byte first, so RDID of a Winbond 4 MB part reads
 * back W0 = 0x001640EF.
 */
final class SpiFlashController {

    private final FlashMemory flash;
    private final long jedecId;
    private long cmd;
    private long addr;
    private long usr;
    private long usr1;
    private long usr2;
    private final long[] w = new long[SPI_DATA_WORDS];

    SpiFlashController(FlashMemory flash, long jedecId) {
        this.flash = flash;
        this.jedecId = jedecId;
    }

    static boolean owns(long address) {
        return address >= SPI_REG_BASE && address < SPI_W0_REG + 4L * SPI_DATA_WORDS && address % 4 == 0;
    }

    long read(long address) {
        if (address == SPI_CMD_REG) {
            return cmd;
        } else if (address == SPI_ADDR_REG) {
            return addr;
        } else if (address == SPI_USR_REG) {
            return usr;
        } else if (address == SPI_USR1_REG) {
            return usr1;
        } else if (address == SPI_USR2_REG) {
            return usr2;
        } else if (address >= SPI_W0_REG) {
            return w[(int) (address - SPI_W0_REG) / 4];
        }
        return 0;
    }

    void write(long address, long value) {
        value &= 0xFFFFFFFFL;
        if (address == SPI_CMD_REG) {
            cmd = value;
            if ((value & SPI_CMD_USR) != 0) {
                execute();
                cmd &= ~SPI_CMD_USR;
            }
        } else if (address == SPI_ADDR_REG) {
            addr = value;
        } else if (address == SPI_USR_REG) {
            usr = value;
        } else if (address == SPI_USR1_REG) {
            usr1 = value;
        } else if (address == SPI_USR2_REG) {
            usr2 = value;
        } else if (address >= SPI_W0_REG) {
            w[(int) (address - SPI_W0_REG) / 4] = value;
        }
    }

    private void execute() {
        if ((usr & SPI_USR_COMMAND) == 0 || (usr & SPI_USR_MISO) == 0) {
            return; // nothing to read back: write-enable, status writes and the like do nothing here
        }
        int command = (int) (usr2 & 0xFF);
        int misoBytes = (int) (((usr1 >> SPI_MISO_BITLEN_SHIFT) & 0x1FF) + 1 + 7) / 8;
        byte[] in = new byte[misoBytes];
        if (command == SPIFLASH_RDID) {
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) (i < 3 ? jedecId >> (8 * i) : 0xFF);
            }
        } else if (command == SPIFLASH_READ && (usr & SPI_USR_ADDR) != 0) {
            int addrBits = (int) ((usr1 >> SPI_USR_ADDR_LEN_SHIFT) & 0x3F) + 1;
            long at = (addr >>> (32 - addrBits)) & ((1L << addrBits) - 1);
            for (int i = 0; i < in.length; i++) {
                // Addresses past the end wrap, as a real chip's address counter does.
                in[i] = flash.read((at + i) % flash.size(), 1)[0];
            }
        } else {
            Arrays.fill(in, (byte) 0); // e.g. RDSR: status register 0, not busy, no protection
        }
        Arrays.fill(w, 0);
        for (int i = 0; i < in.length; i++) {
            w[i / 4] |= (in[i] & 0xFFL) << (8 * (i % 4));
        }
    }
}
