package dev.ussllab.host.pcap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Link layer -> IPv4/IPv6 -> TCP, pure: bytes in, a segment (or null for anything that is not a
 * whole TCP segment: ARP, UDP, IP fragments, frames cut short by the snapshot length).
 */
public final class PacketDecoder {

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERNET_HEADER = 14;
    static final int VLAN_TAG = 4;
    static final int SLL_HEADER = 16;
    static final int SLL2_HEADER = 20;
    static final int NULL_HEADER = 4;
    /** BSD AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS). */
    static final int AF_INET = 2;
    static final int PROTO_TCP = 6;
    /** IPv6 extension headers that may precede TCP (RFC 8200 4): hop-by-hop, routing, destination. */
    static final int[] IPV6_SKIPPABLE = {0, 43, 60};

    private PacketDecoder() {}

    public static TcpSegment decode(Packet p) {
        byte[] d = p.data();
        int ip;
        switch (p.linkType()) {
            case LinkType.ETHERNET -> {
                if (d.length < ETHERNET_HEADER) {
                    return null;
                }
                int type = u16(d, 12);
                ip = ETHERNET_HEADER;
                if (type == ETHERTYPE_VLAN && d.length >= ETHERNET_HEADER + VLAN_TAG) {
                    type = u16(d, 16);
                    ip += VLAN_TAG;
                }
                if (type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6) {
                    return null;
                }
            }
            case LinkType.LINUX_SLL -> ip = SLL_HEADER;
            case LinkType.LINUX_SLL2 -> ip = SLL2_HEADER;
            case LinkType.NULL, LinkType.LOOP -> ip = NULL_HEADER;
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> ip = 0;
            default -> {
                return null;
            }
        }
        if (d.length <= ip) {
            return null;
        }
        // The IP version nibble is authoritative; cooked and loopback headers only echo it.
        int version = (d[ip] & 0xff) >> 4;
        return version == 4 ? ipv4(p.timeNanos(), d, ip) : version == 6 ? ipv6(p.timeNanos(), d, ip) : null;
    }

    private static TcpSegment ipv4(long time, byte[] d, int ip) {
        if (d.length < ip + 20) {
            return null;
        }
        int ihl = (d[ip] & 0x0f) * 4;
        int total = u16(d, ip + 2);
        int fragment = u16(d, ip + 6);
        boolean moreFragments = (fragment & 0x2000) != 0;
        if (ihl < 20 || total < ihl || moreFragments || (fragment & 0x1fff) != 0 || (d[ip + 9] & 0xff) != PROTO_TCP) {
            return null;
        }
        // total == 0 happens with TCP segmentation offload on the sending host; trust the frame.
        int end = total == 0 ? d.length : ip + total;
        if (end > d.length) {
            return null; // cut by the snapshot length
        }
        return tcp(time, address(d, ip + 12, 4), address(d, ip + 16, 4), d, ip + ihl, end);
    }

    private static TcpSegment ipv6(long time, byte[] d, int ip) {
        if (d.length < ip + 40) {
            return null;
        }
        int payload = u16(d, ip + 4);
        int next = d[ip + 6] & 0xff;
        int end = payload == 0 ? d.length : ip + 40 + payload;
        if (end > d.length) {
            return null;
        }
        int p = ip + 40;
        while (next != PROTO_TCP) {
            int header = next;
            if (Arrays.stream(IPV6_SKIPPABLE).noneMatch(h -> h == header) || p + 8 > end) {
                return null; // fragments, ESP, UDP, ...: not a whole TCP segment
            }
            next = d[p] & 0xff;
            p += ((d[p + 1] & 0xff) + 1) * 8;
        }
        return tcp(time, address(d, ip + 8, 16), address(d, ip + 24, 16), d, p, end);
    }

    private static TcpSegment tcp(long time, InetAddress src, InetAddress dst, byte[] d, int t, int end) {
        if (end - t < 20) {
            return null;
        }
        int offset = ((d[t + 12] & 0xff) >> 4) * 4;
        if (offset < 20 || t + offset > end) {
            return null;
        }
        return new TcpSegment(time, new InetSocketAddress(src, u16(d, t)), new InetSocketAddress(dst, u16(d, t + 2)),
                u32(d, t + 4), u32(d, t + 8), d[t + 13] & 0xff, Arrays.copyOfRange(d, t + offset, end));
    }

    private static InetAddress address(byte[] d, int at, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(d, at, at + len));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    static int u16(byte[] d, int at) {
        return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
    }

    static long u32(byte[] d, int at) {
        return ((long) u16(d, at) << 16) | u16(d, at + 2);
    }
}
