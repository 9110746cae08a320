package dev.ussllab.device.flasher;

/**
 * How much of the written flash to read back. The ESP8266 ROM cannot hash flash (SPI_FLASH_MD5
 * exists only in esptool's RAM stub), and reading back through the SPI controller's 64-byte
 * buffer costs about eight times the write time at the same baud rate; hence the choice.
 */
public enum Verify {
    /** Every byte written is read back and compared. */
    FULL,
    /** The first and last 0x400 block of each region and every 64th block in between. */
    SAMPLE,
    /** Nothing is read back; only the ROM's per-block checksum vouches for the transfer. */
    NONE
}
