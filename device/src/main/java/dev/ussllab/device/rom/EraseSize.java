package dev.ussllab.device.rom;

import static dev.ussllab.device.rom.Esp8266Target.FLASH_SECTOR_SIZE;
import static dev.ussllab.device.rom.Esp8266Target.SECTORS_PER_BLOCK;

/**
 * The ESP8266 ROM's FLASH_BEGIN erase bug and esptool's workaround for it.
 *
 * <p>The ROM's SPIEraseArea erases the sectors up to the next 64 KB boundary one by one and then
 * erases the full requested count again after them, so asking for m sectors erases min(H, m) + m
 * sectors, H being the sectors left to the boundary. esptool (targets/esp8266.py get_erase_size)
 * compensates by asking for less; {@link #romErasedSectors} is the inverse model that the emulated
 * board reproduces, so the correction can be tested against it.
 */
public final class EraseSize {

    private EraseSize() {}

    /** The erase size to send in FLASH_BEGIN so that the ROM erases (at least) {@code size} bytes at {@code offset}. */
    public static long corrected(long offset, long size) {
        long numSectors = (size + FLASH_SECTOR_SIZE - 1) / FLASH_SECTOR_SIZE;
        long startSector = offset / FLASH_SECTOR_SIZE;
        long headSectors = Math.min(numSectors, SECTORS_PER_BLOCK - (startSector % SECTORS_PER_BLOCK));
        if (numSectors < 2 * headSectors) {
            return (numSectors + 1) / 2 * FLASH_SECTOR_SIZE;
        }
        return (numSectors - headSectors) * FLASH_SECTOR_SIZE;
    }

    /** How many sectors, starting at {@code offset}'s sector, the ROM really erases for this erase size. */
    public static long romErasedSectors(long offset, long eraseSize) {
        long m = (eraseSize + FLASH_SECTOR_SIZE - 1) / FLASH_SECTOR_SIZE;
        long head = SECTORS_PER_BLOCK - ((offset / FLASH_SECTOR_SIZE) % SECTORS_PER_BLOCK);
        return Math.min(head, m) + m;
    }
}
