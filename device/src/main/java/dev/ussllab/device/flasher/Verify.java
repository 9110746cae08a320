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
    NONE;

    /**
     * Up to this many written bytes, the default reads every one back (issue 15: a stuck byte in
     * an image up to 256 KB must be caught); above it, the default samples and says so.
     */
    public static final long FULL_BY_DEFAULT_UP_TO = 256 * 1024;

    /** The default for a write of {@code totalBytes}. */
    public static Verify defaultFor(long totalBytes) {
        return totalBytes <= FULL_BY_DEFAULT_UP_TO ? FULL : SAMPLE;
    }
}
