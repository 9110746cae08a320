package dev.ussllab.host.pcap;

import java.net.InetSocketAddress;

/**
 * A decoded TCP segment.
 *
 * @param seq sequence number as an unsigned 32-bit value
 * @param ack acknowledgement number as an unsigned 32-bit value
 * @param flags the TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10)
 */
public record TcpSegment(long timeNanos, InetSocketAddress source, InetSocketAddress destination,
        long seq, long ack, int flags, byte[] payload) {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
