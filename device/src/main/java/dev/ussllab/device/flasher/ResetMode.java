package dev.ussllab.device.flasher;

import dev.ussllab.device.serial.SerialLink;
import java.io.IOException;

/**
 * How the board gets into the bootloader before we talk, and what happens after (the names
 * esptool users know: --before default-reset|no-reset, --after hard-reset|soft-reset|no-reset).
 */
public final class ResetMode {

    /** esptool reset.py ClassicReset: EN held low this long. */
    static final long RESET_HOLD_MS = 100;
    /** esptool DEFAULT_RESET_DELAY: GPIO0 kept low this long after EN rises. */
    static final long BOOT_STRAP_HOLD_MS = 50;

    public enum Before { DEFAULT_RESET, NO_RESET }

    public enum After { HARD_RESET, SOFT_RESET, NO_RESET }

    private ResetMode() {}

    /**
     * The classic USB-serial circuit: RTS drives EN (reset), DTR drives GPIO0, both inverted
     * through two transistors. EN low with GPIO0 high, then EN high while GPIO0 is low: the chip
     * samples GPIO0 low and starts the ROM loader.
     */
    static void classicReset(SerialLink link) throws IOException, InterruptedException {
        link.setModemLines(false, true);
        Thread.sleep(RESET_HOLD_MS);
        link.setModemLines(true, false);
        Thread.sleep(BOOT_STRAP_HOLD_MS);
        link.setModemLines(false, false);
    }

    /** esptool HardReset: pulse EN with GPIO0 released, so the chip boots the firmware. */
    static void hardReset(SerialLink link) throws IOException, InterruptedException {
        link.setModemLines(false, true);
        Thread.sleep(RESET_HOLD_MS);
        link.setModemLines(false, false);
    }
}
