package dev.ussllab.device.flasher;

import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.util.List;

/**
 * Compares what was written with what the flash chip now holds, read through the SPI controller
 * (the ROM cannot hash). Only bytes actually read and compared count as verified.
 */
final class ReadBack {

    /** One in this many 0x400 blocks is read back by {@link Verify#SAMPLE}, plus the first and last. */
    static final int SAMPLE_EVERY = 64;

    private final SpiFlashAccess spi;

    ReadBack(SpiFlashAccess spi) {
        this.spi = spi;
    }

    /** Reads back what {@code verify} asks for; returns the bytes compared. Throws on the first difference. */
    long check(List<FlashRegion> regions, Verify verify, Progress progress) throws IOException {
        long checked = 0;
        for (FlashRegion r : regions) {
            int[] blocks = verify == Verify.FULL ? null : sampled(r.data().length);
            // One bar per file, in bytes of that file that are read back.
            String step = String.format("Verifying %s at 0x%08X", r.source(), r.offset());
            if (blocks == null) {
                long total = r.data().length;
                byte[] got = spi.read(r.offset(), r.data().length, done -> progress.update(step, done, total));
                compare(r, 0, r.data().length, got);
                checked += r.data().length;
            } else {
                long total = 0;
                for (int b : blocks) {
                    total += Math.min(RomCommand.FLASH_BLOCK_SIZE, r.data().length - b * RomCommand.FLASH_BLOCK_SIZE);
                }
                long done = 0;
                for (int b : blocks) {
                    int from = b * RomCommand.FLASH_BLOCK_SIZE;
                    int len = Math.min(RomCommand.FLASH_BLOCK_SIZE, r.data().length - from);
                    byte[] got = spi.read(r.offset() + from, len, x -> { });
                    compare(r, from, len, got);
                    done += len;
                    progress.update(step, done, total);
                }
                checked += done;
            }
        }
        return checked;
    }

    /** First, last and every SAMPLE_EVERY-th block. */
    static int[] sampled(int length) {
        int blocks = (length + RomCommand.FLASH_BLOCK_SIZE - 1) / RomCommand.FLASH_BLOCK_SIZE;
        return java.util.stream.IntStream.range(0, blocks)
                .filter(b -> b == 0 || b == blocks - 1 || b % SAMPLE_EVERY == 0).toArray();
    }

    private void compare(FlashRegion r, int from, int len, byte[] got) {
        for (int i = 0; i < len; i++) {
            if (got[i] != r.data()[from + i]) {
                throw LabException.failure(String.format(
                        "Verification failed: flash at 0x%08X reads 0x%02X, %s has 0x%02X there",
                        r.offset() + from + i, got[i] & 0xFF, r.source(), r.data()[from + i] & 0xFF),
                        "the image on the board is wrong; run the write again (erase first if it repeats)");
            }
        }
    }

}
