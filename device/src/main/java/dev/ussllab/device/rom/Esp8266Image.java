package dev.ussllab.device.rom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ESP8266 "v1" firmware image as the ROM boots it and esptool reads it (esptool bin_image.py
 * ESP8266ROMFirmwareImage): header {@code E9}, segment count, flash mode, size/frequency, entry
 * (u32); then per segment a load address, a length and the bytes; then padding so that the
 * checksum byte ends a 16-byte boundary. The checksum is 0xEF XOR every segment byte. Bytes after
 * the checksum (MicroPython's irom0 part at 0x9000, say) are not part of the image.
 */
public record Esp8266Image(int flashMode, int sizeFreq, long entry, List<Segment> segments, int checksum, int calculatedChecksum) {

    /** esptool ESPLoader.ESP_IMAGE_MAGIC. */
    public static final int MAGIC = 0xE9;
    /** esptool BaseFirmwareImage.SEG_HEADER_LEN. */
    static final int SEGMENT_HEADER = 8;
    /** esptool rejects more than this many segments ("Invalid segment count"). */
    static final int MAX_SEGMENTS = 16;

    /** One segment: where it loads, and where its bytes start in the file. */
    public record Segment(long address, int length, int fileOffset) {}

    /** ESP8266ROM.MEMORY_MAP: names esptool image_info gives a load address. */
    public static String memoryType(long address) {
        if (address >= 0x3FF00000L && address < 0x3FF00010L) {
            return "DPORT";
        } else if (address >= 0x3FFE8000L && address < 0x40000000L) {
            return "DRAM";
        } else if (address >= 0x40100000L && address < 0x40108000L) {
            return "IRAM";
        } else if (address >= 0x40201010L && address < 0x402E1010L) {
            return "IROM";
        }
        return "";
    }

    public boolean checksumValid() {
        return checksum == calculatedChecksum;
    }

    /**
     * Parses the image at the start of {@code data}.
     *
     * @throws IllegalArgumentException saying what is wrong (esptool's wording where it has one)
     */
    public static Esp8266Image parse(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("the file is " + data.length + " bytes, shorter than an image header (8)");
        }
        if ((data[0] & 0xFF) != MAGIC) {
            throw new IllegalArgumentException(String.format("invalid firmware image magic 0x%02X (an ESP8266 image starts with 0xE9)", data[0] & 0xFF));
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int count = data[1] & 0xFF;
        if (count > MAX_SEGMENTS) {
            throw new IllegalArgumentException("invalid segment count " + count + " (max " + MAX_SEGMENTS + ")");
        }
        long entry = b.getInt(4) & 0xFFFFFFFFL;
        int at = 8;
        int sum = RomCommand.CHECKSUM_SEED;
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (at + SEGMENT_HEADER > data.length) {
                throw new IllegalArgumentException(String.format("end of file reading segment %d header at 0x%X", i + 1, at));
            }
            long addr = b.getInt(at) & 0xFFFFFFFFL;
            long len = b.getInt(at + 4) & 0xFFFFFFFFL;
            if (at + SEGMENT_HEADER + len > data.length) {
                throw new IllegalArgumentException(String.format(
                        "end of file reading segment %d (0x%X bytes at 0x%X, the file has 0x%X)", i + 1, len, at + SEGMENT_HEADER, data.length));
            }
            segs.add(new Segment(addr, (int) len, at + SEGMENT_HEADER));
            sum ^= RomCommand.checksum(data, at + SEGMENT_HEADER, (int) len) ^ RomCommand.CHECKSUM_SEED;
            at += SEGMENT_HEADER + (int) len;
        }
        // esptool align_file_position(f, 16): skip to the byte before the next 16-byte boundary.
        int checksumAt = at + (15 - at % 16);
        if (checksumAt >= data.length) {
            throw new IllegalArgumentException(String.format("end of file before the checksum byte at 0x%X", checksumAt));
        }
        return new Esp8266Image(data[2] & 0xFF, data[3] & 0xFF, entry, List.copyOf(segs), data[checksumAt] & 0xFF, sum);
    }

    /** Builds a valid image (tests, examples): the segments, padding, and the checksum. */
    public static byte[] build(int flashMode, int sizeFreq, long entry, long[] addresses, byte[][] contents) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(MAGIC);
        out.write(addresses.length);
        out.write(flashMode);
        out.write(sizeFreq);
        out.writeBytes(RomCommand.words(entry));
        int sum = RomCommand.CHECKSUM_SEED;
        for (int i = 0; i < addresses.length; i++) {
            out.writeBytes(RomCommand.words(addresses[i], contents[i].length));
            out.writeBytes(contents[i]);
            sum ^= RomCommand.checksum(contents[i], 0, contents[i].length) ^ RomCommand.CHECKSUM_SEED;
        }
        while (out.size() % 16 != 15) {
            out.write(0);
        }
        out.write(sum);
        return out.toByteArray();
    }
}
