package dev.ussllab.device.board;

import dev.ussllab.profile.LabException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The board's SPI NOR flash: a file (memory-mapped, so it survives the emulator) or plain memory.
 * NOR semantics: erasing sets a 4 KB sector to 0xFF, programming can only clear bits (new = old
 * AND data), so writing over unerased flash corrupts it just as on the chip.
 */
public final class FlashMemory implements Closeable {

    public static final long DEFAULT_SIZE = 4L * 1024 * 1024;
    public static final int SECTOR_SIZE = 0x1000;
    private static final byte ERASED = (byte) 0xFF;

    private final ByteBuffer bytes;
    private final FileChannel channel;
    private final long size;

    private FlashMemory(ByteBuffer bytes, FileChannel channel, long size) {
        this.bytes = bytes;
        this.channel = channel;
        this.size = size;
    }

    /** Flash held in memory only, all 0xFF. */
    public static FlashMemory inMemory(long size) {
        checkSize(size);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        Arrays.fill(b.array(), ERASED);
        return new FlashMemory(b, null, size);
    }

    /** Opens the flash file, creating it all 0xFF when it does not exist. */
    public static FlashMemory open(Path file, long size) {
        checkSize(size);
        try {
            boolean fresh = !Files.exists(file);
            if (!fresh && Files.size(file) != size) {
                throw LabException.badInput("flash file " + file + " is " + Files.size(file) + " bytes, not " + size,
                        "pass --flash-size to match it, or name a new file");
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (fresh) {
                byte[] sector = new byte[SECTOR_SIZE];
                Arrays.fill(sector, ERASED);
                for (long at = 0; at < size; at += SECTOR_SIZE) {
                    map.put((int) at, sector);
                }
            }
            return new FlashMemory(map, ch, size);
        } catch (IOException e) {
            throw LabException.failure("cannot open flash file " + file + ": " + e.getMessage(), "check the path and its permissions");
        }
    }

    private static void checkSize(long size) {
        if (size < SECTOR_SIZE * 16L || size > 16L * 1024 * 1024 || Long.bitCount(size) != 1) {
            throw LabException.badInput("flash size " + size + " is not a power of two from 64 KB to 16 MB", "use e.g. --flash-size 4MB");
        }
    }

    public long size() {
        return size;
    }

    public synchronized byte[] read(long offset, int length) {
        check(offset, length);
        byte[] out = new byte[length];
        bytes.get((int) offset, out);
        return out;
    }

    public synchronized void eraseSector(long sector) {
        long at = sector * SECTOR_SIZE;
        check(at, SECTOR_SIZE);
        for (int i = 0; i < SECTOR_SIZE; i++) {
            bytes.put((int) at + i, ERASED);
        }
    }

    /** Programs bytes the NOR way: bits can go from 1 to 0 only. */
    public synchronized void program(long offset, byte[] data) {
        check(offset, data.length);
        for (int i = 0; i < data.length; i++) {
            int at = (int) offset + i;
            bytes.put(at, (byte) (bytes.get(at) & data[i]));
        }
    }

    public boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset + length <= size;
    }

    private void check(long offset, long length) {
        if (!contains(offset, length)) {
            throw new IndexOutOfBoundsException(String.format("flash access 0x%X+0x%X beyond 0x%X", offset, length, size));
        }
    }

    /** Writes mapped pages back to the file. */
    public synchronized void sync() {
        if (bytes instanceof MappedByteBuffer m) {
            m.force();
        }
    }

    @Override
    public void close() throws IOException {
        sync();
        if (channel != null) {
            channel.close();
        }
    }
}
