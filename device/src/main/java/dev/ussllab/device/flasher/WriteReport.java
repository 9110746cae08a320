package dev.ussllab.device.flasher;

import java.util.List;

/**
 * What a write achieved, with precise claims: {@code bytesWritten} were accepted block by block
 * by the ROM (its checksum over each block matched); {@code bytesReadBack} of them were then read
 * back from the flash chip and compared equal. Nothing else is claimed.
 */
public record WriteReport(List<Region> regions, long bytesWritten, long bytesReadBack, long wireBytesSent, double writeSeconds,
                          double verifySeconds, int blocksRetried, int baud) {

    /** One region as esptool reports it: bytes (padded to 4) sent to {@code offset}, and how long that took. */
    public record Region(long offset, long bytes, double seconds) {}

    /** Payload bytes per second while writing. */
    public double bytesPerSecond() {
        return writeSeconds > 0 ? bytesWritten / writeSeconds : 0;
    }

    /** Payload rate as a share of the raw line rate (10 bits a byte at 8N1). */
    public double lineEfficiency() {
        return baud > 0 ? bytesPerSecond() / (baud / 10.0) : 0;
    }

    public boolean fullyReadBack() {
        return bytesReadBack == bytesWritten;
    }
}
