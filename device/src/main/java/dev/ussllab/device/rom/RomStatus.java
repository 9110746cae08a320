package dev.ussllab.device.rom;

/**
 * Error codes in the second status byte of a failed ESP8266 ROM reply (esptool loader.py
 * ROM error table; serial-protocol.rst "Status bytes").
 */
public final class RomStatus {

    public static final int INVALID_MESSAGE = 0x05;
    public static final int FAILED_TO_ACT = 0x06;
    public static final int BAD_CHECKSUM = 0x07;
    public static final int FLASH_WRITE_ERROR = 0x08;
    public static final int FLASH_READ_ERROR = 0x09;

    private RomStatus() {}

    /** A human name for the code, e.g. "flash write error (0x08)". */
    public static String describe(int code) {
        String name = switch (code) {
            case INVALID_MESSAGE -> "invalid message";
            case FAILED_TO_ACT -> "failed to act";
            case BAD_CHECKSUM -> "bad checksum";
            case FLASH_WRITE_ERROR -> "flash write error";
            case FLASH_READ_ERROR -> "flash read error";
            default -> "unknown ROM error";
        };
        return String.format("%s (0x%02X)", name, code);
    }
}
