package dev.ussllab.host.pcap;

/**
 * One captured frame as a reader returns it.
 *
 * @param timeNanos capture time, nanoseconds since the Unix epoch
 * @param linkType the LINKTYPE_ of the interface it was captured on
 * @param data the captured bytes (possibly fewer than were on the wire)
 * @param fileOffset where its record starts in the file, for error messages
 */
public record Packet(long timeNanos, int linkType, byte[] data, long fileOffset) {}
