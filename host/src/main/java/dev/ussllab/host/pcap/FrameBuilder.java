package dev.ussllab.host.pcap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Builds one Ethernet + IPv4/IPv6 + TCP frame with correct lengths and checksums; pure. */
final class FrameBuilder {

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int TCP_HEADER = 20;
    /** MSS option (RFC 9293 3.2): kind 2, length 4, value; only on SYNs. */
    static final int MSS_OPTION = 4;
    static final int TTL = 64;
    /** RFC 791 "don't fragment": Linux sets it on TCP (path MTU discovery). */
    static final int IPV4_DONT_FRAGMENT = 0x4000;
    static final int WINDOW = 65535;

    private FrameBuilder() {}

    static byte[] frame(byte[] srcMac, byte[] dstMac, InetSocketAddress src, InetSocketAddress dst, int ipId,
            long seq, long ack, int flags, int mss, byte[] payload, int offset, int length) {
        InetAddress s = src.getAddress();
        InetAddress d = dst.getAddress();
        boolean v4 = s instanceof Inet4Address && d instanceof Inet4Address;
        byte[] sa = v4 ? s.getAddress() : v6(s);
        byte[] da = v4 ? d.getAddress() : v6(d);
        int tcpHeader = TCP_HEADER + (mss > 0 ? MSS_OPTION : 0);
        int tcpLength = tcpHeader + length;
        int ipHeader = v4 ? IPV4_HEADER : IPV6_HEADER;
        ByteBuffer f = ByteBuffer.allocate(PacketDecoder.ETHERNET_HEADER + ipHeader + tcpLength);
        f.put(dstMac).put(srcMac).putShort((short) (v4 ? PacketDecoder.ETHERTYPE_IPV4 : PacketDecoder.ETHERTYPE_IPV6));
        int ip = f.position();
        if (v4) {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4_HEADER + tcpLength)).putShort((short) ipId)
                    .putShort((short) IPV4_DONT_FRAGMENT).put((byte) TTL).put((byte) PacketDecoder.PROTO_TCP)
                    .putShort((short) 0).put(sa).put(da);
            f.putShort(ip + 10, (short) Checksum.finish(Checksum.sum(f.array(), ip, ip + IPV4_HEADER, 0)));
        } else {
            f.putInt(0x60000000).putShort((short) tcpLength).put((byte) PacketDecoder.PROTO_TCP).put((byte) TTL)
                    .put(sa).put(da);
        }
        int tcp = f.position();
        f.putShort((short) src.getPort()).putShort((short) dst.getPort()).putInt((int) seq).putInt((int) ack)
                .put((byte) ((tcpHeader / 4) << 4)).put((byte) flags).putShort((short) WINDOW)
                .putShort((short) 0).putShort((short) 0);
        if (mss > 0) {
            f.put((byte) 2).put((byte) 4).putShort((short) mss);
        }
        f.put(payload, offset, length);
        int pseudo = Checksum.sum(sa, 0, sa.length, 0);
        pseudo = Checksum.sum(da, 0, da.length, pseudo);
        pseudo += PacketDecoder.PROTO_TCP + tcpLength; // v4: zero, proto, length; v6: 32-bit length, next header
        int sum = Checksum.sum(f.array(), tcp, tcp + tcpLength, pseudo);
        f.putShort(tcp + 16, (short) Checksum.finish(sum));
        return f.array();
    }

    /** IPv4-mapped form when one end is IPv6 and the other IPv4 (a dual-stack socket). */
    private static byte[] v6(InetAddress a) {
        if (a instanceof Inet4Address) {
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(a.getAddress(), 0, m, 12, 4);
            return m;
        }
        return a.getAddress();
    }
}
