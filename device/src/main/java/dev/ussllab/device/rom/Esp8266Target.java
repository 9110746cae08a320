package dev.ussllab.device.rom;

import java.util.Map;

/**
 * Facts about the ESP8266 that a ROM-loader client needs, as data (esptool
 * esptool/targets/esp8266.py and loader.py; Espressif's serial-protocol.rst). Pure functions only.
 */
public final class Esp8266Target {

    private Esp8266Target() {}

    public static final String CHIP_NAME = "ESP8266";

    /** esptool's CHIP_DETECT_MAGIC_REG_ADDR: a ROM word whose value differs per chip family. */
    public static final long CHIP_DETECT_MAGIC_REG = 0x40001000L;
    /** ESP8266ROM.MAGIC_VALUE. */
    public static final long CHIP_MAGIC = 0xFFF0C101L;

    /** OTP (efuse) words: ESP_OTP_MAC0..MAC3 in esptool; MAC and chip id come from 0, 1 and 3. */
    public static final long EFUSE_MAC0 = 0x3FF00050L;
    public static final long EFUSE_MAC1 = 0x3FF00054L;
    public static final long EFUSE_MAC2 = 0x3FF00058L;
    public static final long EFUSE_MAC3 = 0x3FF0005CL;

    /** UART0 clock divider; 0x1C4 at 115200 baud on a 26 MHz crystal (APB = 2 x crystal). */
    public static final long UART_CLKDIV_REG = 0x60000014L;
    public static final long UART_CLKDIV_MASK = 0xFFFFFL;
    /** ESP8266ROM.XTAL_CLK_DIVIDER: the UART clock is twice the crystal. */
    public static final int XTAL_CLK_DIVIDER = 2;

    /** SPI0 (flash) controller registers used for "user" commands (ESP8266ROM SPI_*_OFFS). */
    public static final long SPI_REG_BASE = 0x60000200L;
    public static final long SPI_CMD_REG = SPI_REG_BASE;
    public static final long SPI_ADDR_REG = SPI_REG_BASE + 0x04;
    public static final long SPI_USR_REG = SPI_REG_BASE + 0x1C;
    public static final long SPI_USR1_REG = SPI_REG_BASE + 0x20;
    public static final long SPI_USR2_REG = SPI_REG_BASE + 0x24;
    public static final long SPI_W0_REG = SPI_REG_BASE + 0x40;
    /** W0..W15: the controller's 64-byte data buffer. */
    public static final int SPI_DATA_WORDS = 16;
    /** SPI_CMD_REG bit that starts a user command; hardware clears it when done. */
    public static final long SPI_CMD_USR = 1L << 18;
    /** SPI_USR_REG phase flags (esptool run_spiflash_command). */
    public static final long SPI_USR_COMMAND = 1L << 31;
    public static final long SPI_USR_ADDR = 1L << 30;
    public static final long SPI_USR_DUMMY = 1L << 29;
    public static final long SPI_USR_MISO = 1L << 28;
    public static final long SPI_USR_MOSI = 1L << 27;
    /** Field positions in SPI_USR1 (ESP8266 keeps the data lengths there) and SPI_USR2. */
    public static final int SPI_MISO_BITLEN_SHIFT = 8;
    public static final int SPI_MOSI_BITLEN_SHIFT = 17;
    public static final int SPI_USR_ADDR_LEN_SHIFT = 26;
    public static final int SPI_USR2_COMMAND_LEN_SHIFT = 28;

    /** SPI NOR flash opcodes (JEDEC): read identification, read data. */
    public static final int SPIFLASH_RDID = 0x9F;
    public static final int SPIFLASH_READ = 0x03;

    public static final int FLASH_SECTOR_SIZE = 0x1000;
    /** The ROM erases in 64 KB blocks where it can: 16 sectors. */
    public static final int SECTORS_PER_BLOCK = 16;

    /** Magic values of other Espressif chips (esptool targets/*.py), to name what was found. */
    private static final Map<Long, String> OTHER_CHIPS = Map.ofEntries(
            Map.entry(0x00F01D83L, "ESP32"),
            Map.entry(0x000007C6L, "ESP32-S2"),
            Map.entry(0x00000009L, "ESP32-S3"),
            Map.entry(0x6921506FL, "ESP32-C3"),
            Map.entry(0x1B31506FL, "ESP32-C3"),
            Map.entry(0x4881606FL, "ESP32-C3"),
            Map.entry(0x4361606FL, "ESP32-C3"),
            Map.entry(0x6F51306FL, "ESP32-C2"),
            Map.entry(0x7C41A06FL, "ESP32-C2"),
            Map.entry(0x2CE0806FL, "ESP32-C6"),
            Map.entry(0xD7B73E80L, "ESP32-H2"));

    /** Names the chip a magic value belongs to: "ESP8266", "ESP32-C3", or "an unknown chip (magic 0x...)". */
    public static String chipForMagic(long magic) {
        if (magic == CHIP_MAGIC) {
            return CHIP_NAME;
        }
        String other = OTHER_CHIPS.get(magic);
        return other != null ? other : String.format("an unknown chip (magic 0x%08X)", magic);
    }

    /** MAC from the OTP words, exactly as esptool ESP8266ROM.read_mac() derives it. */
    public static byte[] macFromEfuses(long mac0, long mac1, long mac3) {
        int[] oui;
        if (mac3 != 0) {
            oui = new int[] {(int) (mac3 >> 16) & 0xFF, (int) (mac3 >> 8) & 0xFF, (int) mac3 & 0xFF};
        } else if (((mac1 >> 16) & 0xFF) == 0) {
            oui = new int[] {0x18, 0xFE, 0x34};
        } else if (((mac1 >> 16) & 0xFF) == 1) {
            oui = new int[] {0xAC, 0xD0, 0x74};
        } else {
            throw new IllegalArgumentException(String.format("unknown OUI code %d in efuse word 1 (0x%08X)", (mac1 >> 16) & 0xFF, mac1));
        }
        return new byte[] {(byte) oui[0], (byte) oui[1], (byte) oui[2],
            (byte) (mac1 >> 8), (byte) mac1, (byte) (mac0 >> 24)};
    }

    /** Chip id as the SDK's system_get_chip_id() and esptool chip_id() compute it. */
    public static long chipIdFromEfuses(long mac0, long mac1) {
        return ((mac0 >> 24) & 0xFF) | ((mac1 & 0xFFFFFFL) << 8);
    }

    /**
     * OTP words {mac0, mac1, mac2, mac3} that make esptool derive this MAC (the inverse of
     * {@link #macFromEfuses}); used by the emulated board. Espressif's 18:FE:34 OUI is stored as
     * code 0 in word 1, any other OUI in word 3. Bits 4 and 80 stay clear: that marks an ESP8266EX,
     * not an ESP8285 (esptool get_chip_description()).
     */
    public static long[] efusesForMac(byte[] mac) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC has 6 bytes");
        }
        long mac0 = (mac[5] & 0xFFL) << 24;
        long low = ((mac[3] & 0xFFL) << 8) | (mac[4] & 0xFFL);
        boolean espressif = (mac[0] & 0xFF) == 0x18 && (mac[1] & 0xFF) == 0xFE && (mac[2] & 0xFF) == 0x34;
        long mac1 = low;
        long mac3 = espressif ? 0 : ((mac[0] & 0xFFL) << 16) | ((mac[1] & 0xFFL) << 8) | (mac[2] & 0xFFL);
        return new long[] {mac0, mac1, 0, mac3};
    }

    /** "18:fe:34:a1:b2:c3", as esptool prints it. */
    public static String formatMac(byte[] mac) {
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    /** esptool ESP8266ROM.get_chip_description(): bit 4 of efuse word 0 or bit 80 (word 2, bit 16) set means ESP8285. */
    public static String chipDescription(long mac0, long mac2) {
        return (mac0 & (1L << 4)) != 0 || (mac2 & (1L << 16)) != 0 ? "ESP8285" : "ESP8266EX";
    }

    /** esptool get_chip_features(): WiFi, plus Embedded Flash on the ESP8285. */
    public static String chipFeatures(String description) {
        return description.equals("ESP8285") ? "WiFi, Embedded Flash" : "WiFi";
    }

    /** Crystal in MHz from the UART divider and the baud rate we synced at (esptool get_crystal_freq()). */
    public static int crystalMhz(long clkdiv, int baud) {
        double est = (double) baud * (clkdiv & UART_CLKDIV_MASK) / 1e6 / XTAL_CLK_DIVIDER;
        return est > 45 ? 48 : est > 33 ? 40 : 26;
    }

    /** Flash size in bytes from the JEDEC capacity byte (third id byte, e.g. 0x16 = 4 MB), or -1. */
    public static long flashSizeFromJedec(long flashId) {
        int capacity = (int) (flashId >> 16) & 0xFF;
        return capacity >= 0x12 && capacity <= 0x19 ? 1L << capacity : -1;
    }

    /** The flash maker's name for the JEDEC manufacturer byte, or null (esptool flash_id prints the code). */
    public static String flashManufacturer(long flashId) {
        return switch ((int) flashId & 0xFF) {
            case 0xEF -> "Winbond";
            case 0xC8 -> "GigaDevice";
            case 0xC2 -> "Macronix";
            case 0x20 -> "XMC";
            case 0x1C -> "EON";
            case 0x5E -> "Zbit";
            case 0x68 -> "Boya";
            case 0x85 -> "Puya";
            default -> null;
        };
    }

    /** A plausible JEDEC id for a flash chip of this size: Winbond W25Q family (0xEF, type 0x40). */
    public static long winbondJedecId(long flashSize) {
        int capacity = Long.numberOfTrailingZeros(flashSize);
        if (Long.bitCount(flashSize) != 1 || capacity < 0x12 || capacity > 0x19) {
            throw new IllegalArgumentException("flash size must be a power of two from 256 KB to 32 MB");
        }
        return ((long) capacity << 16) | 0x4000L | 0xEF;
    }
}
