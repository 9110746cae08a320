package dev.ussllab.tools.flash;

import dev.ussllab.device.flasher.FlashRegion;
import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.rom.Esp8266Image;
import dev.ussllab.device.rom.ImageHeader;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * write-flash's OFFSET FILE pairs read into {@link FlashRegion}s, with the image header patched
 * as esptool does: only at 0x0, only when asked, "keep" by default, "detect" from the flash id.
 */
final class ImageFiles {

    static final String KEEP = "keep";
    /** esptool's --flash_size detect: the size the flash chip's JEDEC id reports. */
    static final String DETECT = "detect";

    private ImageFiles() {}

    /** Reads and checks every pair before the port is touched; the header is patched later by {@link #patched}. */
    static List<FlashRegion> read(List<String> pairs) {
        if (pairs.size() % 2 != 0) {
            throw LabException.badInput("write-flash takes OFFSET FILE pairs; '" + pairs.get(pairs.size() - 1) + "' has no partner",
                    "e.g. write-flash 0x0 firmware.bin");
        }
        List<FlashRegion> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            long offset = Numbers.parse(pairs.get(i), "offset");
            if (offset % Esp8266Target.FLASH_SECTOR_SIZE != 0) {
                throw LabException.badInput(String.format("offset 0x%X is not a multiple of 0x1000", offset),
                        "the ROM erases whole 4 KB sectors: writing there would wipe the bytes before it");
            }
            Path file = Path.of(pairs.get(i + 1));
            byte[] data = padTo4(readFile(file));
            for (FlashRegion r : out) {
                if (offset < r.offset() + r.data().length && r.offset() < offset + data.length) {
                    throw LabException.badInput(file + " overlaps " + r.source(), "check the offsets");
                }
            }
            out.add(new FlashRegion(offset, data, file.getFileName().toString()));
        }
        return out;
    }

    /** Checks the mode/size/freq values before the port is touched (detect is resolved later). */
    static void checkValues(String mode, String size, String freq) {
        byte[] probe = {(byte) ImageHeader.MAGIC, 0, 0, 0};
        try {
            ImageHeader.patch(probe, mode, isDetect(size) ? KEEP : size, freq);
        } catch (IllegalArgumentException e) {
            throw LabException.badInput(e.getMessage(), "see ussl-lab flash write-flash --help");
        }
    }

    /** The flash size the chip reports, as esptool's detect names it ("4MB"). */
    static String detectedSize(long flashId, PrintWriter err) {
        long bytes = Esp8266Target.flashSizeFromJedec(flashId);
        if (bytes <= 0) {
            throw LabException.failure(String.format("cannot detect the flash size: the flash id 0x%06X names no known size", flashId),
                    "give the size instead of detect, e.g. --flash-size 4MB");
        }
        String size = Numbers.size(bytes);
        err.println("Auto-detected flash size: " + size);
        return size;
    }

    /**
     * esptool's _update_image_flash_params: only the file at 0x0, only when something is not
     * "keep", only when it loads as an ESP8266 image (magic, at most 16 readable segments); otherwise a warning and
     * the bytes unchanged. Prints "Flash params set to 0xMMSF" when the two bytes change.
     */
    static List<FlashRegion> patched(List<FlashRegion> regions, String mode, String size, String freq, PrintWriter err) {
        List<FlashRegion> out = new ArrayList<>();
        for (FlashRegion r : regions) {
            out.add(new FlashRegion(r.offset(), patchOne(r, mode, size, freq, err), r.source()));
        }
        return out;
    }

    private static byte[] patchOne(FlashRegion r, String mode, String size, String freq, PrintWriter err) {
        byte[] data = r.data();
        if (r.offset() != 0 || (isKeep(mode) && isKeep(size) && isKeep(freq)) || data.length < 8) {
            return data;
        }
        if ((data[0] & 0xFF) != ImageHeader.MAGIC) {
            err.printf("Warning: Image file at 0x%x doesn't look like an image file, so not changing any flash settings.%n", r.offset());
            return data;
        }
        try {
            // esptool's test: the image loads (segments, checksum byte present) and verify() passes
            // (at most 16 segments); a wrong checksum does not stop the patch (bin_image.py).
            Esp8266Image.parse(data);
        } catch (IllegalArgumentException e) {
            err.printf("Warning: Image file at 0x%x is not a valid ESP8266 image, so not changing any flash settings.%n", r.offset());
            return data;
        }
        byte[] p;
        try {
            p = ImageHeader.patch(data, mode, size, freq);
        } catch (IllegalArgumentException e) {
            throw LabException.badInput(e.getMessage(), "see ussl-lab flash write-flash --help");
        }
        if (p[2] != data[2] || p[3] != data[3]) {
            err.printf("Flash params set to 0x%04x%n", ((p[2] & 0xFF) << 8) | (p[3] & 0xFF));
        }
        return p;
    }

    /** esptool pad_to(data, 4): 0xFF up to a multiple of four bytes. */
    static byte[] padTo4(byte[] data) {
        int len = (data.length + 3) & ~3;
        if (len == data.length) {
            return data;
        }
        byte[] out = java.util.Arrays.copyOf(data, len);
        java.util.Arrays.fill(out, data.length, len, (byte) 0xFF);
        return out;
    }

    private static byte[] readFile(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw LabException.badInput("no such file " + file, "check the path of the image");
        } catch (IOException e) {
            throw LabException.badInput("cannot read " + file + ": " + e.getMessage(), "check the path and permissions");
        }
        if (data.length == 0) {
            throw LabException.badInput(file + " is empty", "check it is the image you meant");
        }
        return data;
    }

    static boolean isDetect(String v) {
        return DETECT.equalsIgnoreCase(v);
    }

    private static boolean isKeep(String v) {
        return v == null || v.equalsIgnoreCase(KEEP);
    }
}
