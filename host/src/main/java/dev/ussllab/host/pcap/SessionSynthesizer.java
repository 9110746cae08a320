package dev.ussllab.host.pcap;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Turns one served TCP session (its addresses and the exact byte chunks each way, with times)
 * into the frames a capture of it would hold: SYN, SYN-ACK, ACK; data in segments of at most one
 * MSS, each acknowledged; FIN-ACK both ways and the last ACK. Sequence numbers, lengths and
 * checksums are correct, so Wireshark reassembles and decodes the session as if sniffed.
 */
public final class SessionSynthesizer {

    /** Receives each frame in time order. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(long timeNanos, byte[] ethernetFrame) throws IOException;
    }

    /** Ethernet MSS: 1500-byte MTU minus IPv4 (20) and TCP (20) headers; IPv6 has a 40-byte header. */
    static final int MSS_IPV4 = 1460;
    static final int MSS_IPV6 = 1440;
    /** Locally administered unicast MACs (bit 0x02 of the first byte): no vendor's address. */
    static final byte[] CLIENT_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final byte[] SERVER_MAC = {0x02, 0, 0, 0, 0, 0x02};
    /** Spacing of the synthetic handshake and close packets, so they sort after each other. */
    static final long STEP_NANOS = 1_000;

    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final int mss;
    private final long clientIsn;
    private final long serverIsn;

    public SessionSynthesizer(InetSocketAddress client, InetSocketAddress server, long clientIsn, long serverIsn) {
        this.client = client;
        this.server = server;
        boolean v4 = client.getAddress() instanceof Inet4Address && server.getAddress() instanceof Inet4Address;
        this.mss = v4 ? MSS_IPV4 : MSS_IPV6;
        this.clientIsn = clientIsn & 0xffffffffL;
        this.serverIsn = serverIsn & 0xffffffffL;
    }

    /** ISNs derived from the endpoints and time: deterministic for a session, different across sessions. */
    public static SessionSynthesizer forSession(InetSocketAddress client, InetSocketAddress server, long startNanos) {
        long h = (client.hashCode() * 31L + server.hashCode()) * 1_000_003L ^ startNanos;
        return new SessionSynthesizer(client, server, h, Long.rotateLeft(h, 29) * 0x9E3779B97F4A7C15L);
    }

    public void write(long startNanos, List<TcpConnection.Chunk> chunks, long endNanos, FrameSink out)
            throws IOException {
        State c = new State(clientIsn);
        State s = new State(serverIsn);
        long t = startNanos;
        out.frame(t, build(true, c.seq, 0, TcpSegment.SYN, mss, null));
        c.seq++;
        out.frame(t += STEP_NANOS, build(false, s.seq, c.seq, TcpSegment.SYN | TcpSegment.ACK, mss, null));
        s.seq++;
        out.frame(t += STEP_NANOS, build(true, c.seq, s.seq, TcpSegment.ACK, 0, null));
        for (TcpConnection.Chunk chunk : chunks) {
            t = Math.max(t + STEP_NANOS, chunk.timeNanos());
            State from = chunk.fromClient() ? c : s;
            State to = chunk.fromClient() ? s : c;
            byte[] b = chunk.bytes();
            for (int off = 0; off < b.length; off += mss) {
                int len = Math.min(mss, b.length - off);
                int flags = TcpSegment.ACK | (off + len == b.length ? TcpSegment.PSH : 0);
                out.frame(t, build(chunk.fromClient(), from.seq, to.seq, flags, 0, slice(b, off, len)));
                from.seq += len;
            }
            out.frame(t += STEP_NANOS, build(!chunk.fromClient(), to.seq, from.seq, TcpSegment.ACK, 0, null));
        }
        t = Math.max(t + STEP_NANOS, endNanos);
        out.frame(t, build(true, c.seq, s.seq, TcpSegment.FIN | TcpSegment.ACK, 0, null));
        c.seq++;
        out.frame(t += STEP_NANOS, build(false, s.seq, c.seq, TcpSegment.FIN | TcpSegment.ACK, 0, null));
        s.seq++;
        out.frame(t + STEP_NANOS, build(true, c.seq, s.seq, TcpSegment.ACK, 0, null));
    }

    private static byte[] slice(byte[] b, int off, int len) {
        return off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
    }

    private int ipId;

    private byte[] build(boolean fromClient, long seq, long ack, int flags, int mssOption, byte[] payload) {
        byte[] p = payload == null ? new byte[0] : payload;
        return FrameBuilder.frame(fromClient ? CLIENT_MAC : SERVER_MAC, fromClient ? SERVER_MAC : CLIENT_MAC,
                fromClient ? client : server, fromClient ? server : client, ipId++, seq & 0xffffffffL,
                ack & 0xffffffffL, flags, mssOption, p, 0, p.length);
    }

    private static final class State {
        long seq;

        State(long isn) {
            seq = isn;
        }
    }
}
