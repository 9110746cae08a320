package dev.ussllab.device.flasher;

/** Bytes to place at a flash offset; {@code source} names where they came from (a file). */
public record FlashRegion(long offset, byte[] data, String source) {}
