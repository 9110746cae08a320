package dev.ussllab.device.board;

/**
 * What the board runs after a reset. On a real ESP8266 the strapping pins decide: GPIO0 low at
 * reset starts the ROM's serial loader (boot mode (1,7)), GPIO0 high boots the firmware from
 * flash (boot mode (3,6)).
 */
public enum BootMode {
    BOOTLOADER,
    FIRMWARE
}
