package dev.ussllab.profile.hello;

/**
 * GREASE values (RFC 8701): clients sprinkle 0x?A?A codes among suites, extensions, groups and
 * versions so servers learn to ignore unknown values. Fingerprints drop them.
 */
public final class Grease {

    private Grease() {}

    /** True for the sixteen reserved values 0x0A0A, 0x1A1A, ... 0xFAFA (RFC 8701 section 2). */
    public static boolean is(int value) {
        return value >= 0 && value <= 0xFFFF && (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);
    }
}
