package dev.ussllab.host.pcap;

/**
 * Link-layer header types (tcpdump.org/linktypes.html, the LINKTYPE_ values that pcap and
 * pcapng interface blocks carry).
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in the writer's byte order. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP; the version nibble says 4 or 6. */
    public static final int RAW = 101;
    /** OpenBSD loopback: 4-byte address family, big-endian. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 (tcpdump -i any on older libpcap). */
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (tcpdump -i any on libpcap >= 1.10). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {}
}
