package dev.ussllab.device.rom;

/**
 * Command codes of the ESP8266 ROM serial loader (esptool loader.py ESP_CMDS; Espressif's
 * serial-protocol.rst). Only the ones the ESP8266 ROM itself understands are listed: the rest
 * (CHANGE_BAUDRATE, SPI_FLASH_MD5, FLASH_DEFL_*, READ_FLASH) exist only in esptool's RAM stub.
 */
public enum RomOpcode {
    FLASH_BEGIN(0x02),
    FLASH_DATA(0x03),
    FLASH_END(0x04),
    MEM_BEGIN(0x05),
    MEM_END(0x06),
    MEM_DATA(0x07),
    SYNC(0x08),
    WRITE_REG(0x09),
    READ_REG(0x0A);

    public final int code;

    RomOpcode(int code) {
        this.code = code;
    }

    /** The opcode with this code, or null when the ESP8266 ROM does not know it. */
    public static RomOpcode of(int code) {
        for (RomOpcode op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }

    /** Whether the request carries a checksum over its data (only the data-carrying commands). */
    public boolean checksummed() {
        return this == FLASH_DATA || this == MEM_DATA;
    }
}
