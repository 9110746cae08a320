package dev.ussllab.device.rom;

import java.util.Locale;
import java.util.Map;

/**
 * The ESP8266 application image header (esptool bin_image.py; ESP8266 ROM boot): byte 0 is 0xE9,
 * byte 2 the SPI flash mode, byte 3 the flash size (high nibble) and frequency (low nibble). The
 * ROM bootloader reads these to talk to the flash, so a wrong value makes the board unbootable;
 * esptool rewrites them only when asked ("keep" is its default), and so do we.
 */
public final class ImageHeader {

    public static final int MAGIC = 0xE9;
    static final int MODE_OFFSET = 2;
    static final int SIZE_FREQ_OFFSET = 3;

    /** esptool FLASH_MODES. */
    public static final Map<String, Integer> FLASH_MODES = Map.of("qio", 0, "qout", 1, "dio", 2, "dout", 3);
    /** ESP8266ROM.FLASH_SIZES (high nibble of byte 3). */
    public static final Map<String, Integer> FLASH_SIZES = Map.of(
            "512KB", 0x00, "256KB", 0x10, "1MB", 0x20, "2MB", 0x30, "4MB", 0x40,
            "2MB-c1", 0x50, "4MB-c1", 0x60, "8MB", 0x80, "16MB", 0x90);
    /** ESP8266ROM.FLASH_FREQUENCY (low nibble of byte 3). */
    public static final Map<String, Integer> FLASH_FREQS = Map.of("80m", 0xF, "40m", 0x0, "26m", 0x1, "20m", 0x2);

    private ImageHeader() {}

    /** Whether this data, written at this offset, starts with an image header the ROM boots from. */
    public static boolean isBootImage(long offset, byte[] data) {
        return offset == 0 && data.length >= 4 && (data[0] & 0xFF) == MAGIC;
    }

    /**
     * A copy of {@code image} with the requested header fields replaced; null or "keep" leaves a
     * field as it is.
     *
     * @throws IllegalArgumentException for an unknown value or when there is no header to patch
     */
    public static byte[] patch(byte[] image, String mode, String size, String freq) {
        boolean any = !keep(mode) || !keep(size) || !keep(freq);
        if (!any) {
            return image;
        }
        if (image.length < 4 || (image[0] & 0xFF) != MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "the image does not start with an ESP8266 header (byte 0 is 0x%02X, not 0xE9)", image.length == 0 ? 0 : image[0] & 0xFF));
        }
        byte[] out = image.clone();
        if (!keep(mode)) {
            out[MODE_OFFSET] = (byte) (int) lookup(FLASH_MODES, mode, "flash mode");
        }
        int sizeFreq = out[SIZE_FREQ_OFFSET] & 0xFF;
        if (!keep(size)) {
            sizeFreq = (sizeFreq & 0x0F) | lookup(FLASH_SIZES, size.toUpperCase(Locale.ROOT).replace("-C1", "-c1"), "flash size");
        }
        if (!keep(freq)) {
            sizeFreq = (sizeFreq & 0xF0) | lookup(FLASH_FREQS, freq.toLowerCase(Locale.ROOT), "flash frequency");
        }
        out[SIZE_FREQ_OFFSET] = (byte) sizeFreq;
        return out;
    }

    private static boolean keep(String v) {
        return v == null || v.equalsIgnoreCase("keep");
    }

    private static int lookup(Map<String, Integer> table, String key, String what) {
        Integer v = table.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + key + "' (one of " + String.join(", ", new java.util.TreeSet<>(table.keySet())) + ", keep)");
        }
        return v;
    }
}
