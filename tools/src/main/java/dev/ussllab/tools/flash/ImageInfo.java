package dev.ussllab.tools.flash;

import dev.ussllab.device.rom.Esp8266Image;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code flash image-info FILE}: esptool v4's image_info for an ESP8266 v1 image, in its words. */
final class ImageInfo {

    private ImageInfo() {}

    static void print(Path file, PrintWriter out) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw LabException.badInput("no such file " + file, "check the path of the image");
        } catch (IOException e) {
            throw LabException.badInput("cannot read " + file + ": " + e.getMessage(), "check the path and permissions");
        }
        Esp8266Image img;
        try {
            img = Esp8266Image.parse(data);
        } catch (IllegalArgumentException e) {
            throw LabException.badInput(file + " is not an ESP8266 image: " + e.getMessage(),
                    "give a firmware .bin (it starts with 0xE9), e.g. MicroPython's esp8266 firmware");
        }
        out.println("File size: " + data.length + " (bytes)");
        out.println("Image version: 1");
        out.println(img.entry() != 0 ? String.format("Entry point: %08x", img.entry()) : "Entry point not set");
        out.println(img.segments().size() + " segments");
        out.println();
        int i = 0;
        for (Esp8266Image.Segment s : img.segments()) {
            String type = Esp8266Image.memoryType(s.address());
            out.printf("Segment %d: len 0x%05x load 0x%08x file_offs 0x%08x [%s]%n", ++i, s.length(), s.address(), s.fileOffset() - 8, type);
        }
        out.printf("Checksum: %02x (%s)%n", img.checksum(),
                img.checksumValid() ? "valid" : String.format("invalid - calculated %02x", img.calculatedChecksum()));
        out.printf("Flash mode %s, flash size/freq byte 0x%02x%n", modeName(img.flashMode()), img.sizeFreq());
    }

    private static String modeName(int mode) {
        return switch (mode) {
            case 0 -> "QIO";
            case 1 -> "QOUT";
            case 2 -> "DIO";
            case 3 -> "DOUT";
            default -> String.format("unknown (0x%02x)", mode);
        };
    }
}
