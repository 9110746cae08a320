package dev.ussllab.device.board;

import java.time.Instant;

/** What the board offers to the {@link Firmware} it runs. */
public interface BoardContext {

    /** The board's SPI flash (the same bytes the ROM loader writes). */
    FlashMemory flash();

    /** The station MAC the efuses hold (6 bytes; a copy). */
    byte[] mac();

    /** When this boot started (for uptime, ticks_ms). */
    Instant bootTime();

    /** Asks the board to reset into {@code mode}, as machine.reset() or a watchdog would. */
    void requestReset(BootMode mode);
}
