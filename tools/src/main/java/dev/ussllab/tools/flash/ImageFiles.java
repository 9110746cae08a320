package dev.ussllab.tools.flash;

import dev.ussllab.device.flasher.FlashRegion;
import dev.ussllab.device.rom.Esp8266Target;
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

    /** Reads and checks every pair before the port is touched; a "detect" size is applied later by {@link #withDetectedSize}. */
    static List<FlashRegion> read(List<String> pairs, String mode, String size, String freq, PrintWriter err) {
        if (pairs.size() % 2 != 0) {
            throw LabException.badInput("write-flash takes OFFSET FILE pairs; '" + pairs.get(pairs.size() - 1) + "' has no partner",
                    "e.g. write-flash 0x0 firmware.bin");
        }
        String sizeNow = isDetect(size) ? KEEP : size;
        List<FlashRegion> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            long offset = Numbers.parse(pairs.get(i), "offset");
            if (offset % Esp8266Target.FLASH_SECTOR_SIZE != 0) {
                throw LabException.badInput(String.format("offset 0x%X is not a multiple of 0x1000", offset),
                        "the ROM erases whole 4 KB sectors: writing there would wipe the bytes before it");
            }
            Path file = Path.of(pairs.get(i + 1));
            byte[] data = readFile(file);
            if (ImageHeader.isBootImage(offset, data)) {
                data = patch(data, mode, sizeNow, freq);
            } else if (offset == 0 && !(isKeep(mode) && isKeep(size) && isKeep(freq))) {
                err.println("Warning: " + file + " at 0x0 has no image header (0xE9); flash mode/size/freq left as they are.");
            }
            for (FlashRegion r : out) {
                if (offset < r.offset() + r.data().length && r.offset() < offset + data.length) {
                    throw LabException.badInput(file + " overlaps " + r.source(), "check the offsets");
                }
            }
            out.add(new FlashRegion(offset, data, file.getFileName().toString()));
        }
        return out;
    }

    /** The boot image (at 0x0) with the size field set to what the chip reports, as esptool's "detect". */
    static List<FlashRegion> withDetectedSize(List<FlashRegion> regions, long flashId, PrintWriter err) {
        long bytes = Esp8266Target.flashSizeFromJedec(flashId);
        if (bytes <= 0) {
            throw LabException.failure(String.format("cannot detect the flash size: the flash id 0x%06X names no known size", flashId),
                    "give the size instead of detect, e.g. --flash-size 4MB");
        }
        String size = Numbers.size(bytes);
        err.println("Auto-detected flash size: " + size);
        List<FlashRegion> out = new ArrayList<>();
        for (FlashRegion r : regions) {
            out.add(ImageHeader.isBootImage(r.offset(), r.data())
                    ? new FlashRegion(r.offset(), patch(r.data(), null, size, null), r.source()) : r);
        }
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

    private static byte[] patch(byte[] data, String mode, String size, String freq) {
        try {
            return ImageHeader.patch(data, mode, size, freq);
        } catch (IllegalArgumentException e) {
            throw LabException.badInput(e.getMessage(), "see ussl-lab flash write-flash --help");
        }
    }

    static boolean isDetect(String v) {
        return DETECT.equalsIgnoreCase(v);
    }

    private static boolean isKeep(String v) {
        return v == null || v.equalsIgnoreCase(KEEP);
    }
}
