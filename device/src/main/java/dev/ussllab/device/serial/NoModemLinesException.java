package dev.ussllab.device.serial;

import dev.ussllab.profile.LabException;

/** The link cannot set DTR/RTS, so a board on it cannot be reset into its bootloader from here. */
public final class NoModemLinesException extends LabException {

    public NoModemLinesException(String port, String why) {
        super(Kind.FAILURE, port + " has no modem lines (" + why + "), so the board cannot be reset into the bootloader",
                "put the board in bootloader mode by hand (hold GPIO0/FLASH low while resetting) and use --before no-reset --after no-reset");
    }
}
