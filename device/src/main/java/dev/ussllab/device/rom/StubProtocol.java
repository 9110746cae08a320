package dev.ussllab.device.rom;

/**
 * Facts about esptool's RAM flasher stub for the ESP8266 (espressif/esptool flasher_stub/
 * stub_flasher.c, stub_commands.c, stub_write_flash.c; esptool loader.py ESP_* opcodes). The stub
 * keeps the ROM's framing and request layout but adds commands, answers every command once, and
 * reports errors as its own codes in the first status byte.
 */
public final class StubProtocol {

    private StubProtocol() {}

    /** The stub's first frame after it starts: the four ASCII bytes "OHAI" (stub_main greeting 0x4941484F). */
    public static final byte[] GREETING = {'O', 'H', 'A', 'I'};

    /** esptool ESP_RAM_BLOCK: MEM_DATA block size used for the upload. */
    public static final int RAM_BLOCK = 0x1800;

    // Opcodes the stub adds to the ROM's (esptool loader.py).
    public static final int SPI_SET_PARAMS = 0x0B;
    public static final int SPI_ATTACH = 0x0D;
    public static final int CHANGE_BAUDRATE = 0x0F;
    public static final int FLASH_DEFL_BEGIN = 0x10;
    public static final int FLASH_DEFL_DATA = 0x11;
    public static final int FLASH_DEFL_END = 0x12;
    public static final int SPI_FLASH_MD5 = 0x13;
    public static final int ERASE_FLASH = 0xD0;
    public static final int ERASE_REGION = 0xD1;
    public static final int READ_FLASH = 0xD2;
    public static final int RUN_USER_CODE = 0xD3;

    // Error codes (stub_flasher.h esp_command_error), sent as the first status byte.
    public static final int OK = 0;
    public static final int BAD_DATA_LEN = 0xC0;
    public static final int BAD_DATA_CHECKSUM = 0xC1;
    public static final int INVALID_COMMAND = 0xC3;
    public static final int FAILED_SPI_OP = 0xC4;
    public static final int NOT_IN_FLASH_MODE = 0xC6;
    public static final int INFLATE_ERROR = 0xC7;
    public static final int NOT_ENOUGH_DATA = 0xC8;
    public static final int TOO_MUCH_DATA = 0xC9;
    public static final int CMD_NOT_IMPLEMENTED = 0xFF;
    /** handle_flash_erase(): offset, then size, not a multiple of the sector size. */
    public static final int ERASE_BAD_OFFSET = 0x32;
    public static final int ERASE_BAD_SIZE = 0x33;
    /** handle_flash_get_md5sum(): SPIRead failed (beyond the chip). */
    public static final int MD5_READ_FAILED = 0x63;

    /** The stub's UART divider for a baud rate (stub_flasher.c baud_rate_to_divider, ESP8266: 52 MHz). */
    public static long divider(long baud) {
        return (52_000_000L + baud / 2) / baud;
    }

    /** A stub reply packet: 01, op, length, value, data, then error and status bytes. */
    public static byte[] reply(int opcode, long value, byte[] data, int error) {
        byte[] p = new byte[8 + data.length + 2];
        p[0] = 1;
        p[1] = (byte) opcode;
        int size = data.length + 2;
        p[2] = (byte) size;
        p[3] = (byte) (size >> 8);
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (value >> (8 * i));
        }
        System.arraycopy(data, 0, p, 8, data.length);
        p[8 + data.length] = (byte) error;
        return p;
    }
}
