package dev.ussllab.host.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Synthesizer -> file -> reader -> decoder -> reassembler gives back the exact bytes. */
class ReassemblyTest {

    private static List<TcpConnection> reassemble(List<TcpSegment> segments) {
        List<TcpConnection> out = new ArrayList<>();
        TcpReassembler r = new TcpReassembler(out::add);
        segments.forEach(r::add);
        r.finish();
        return out;
    }

    private static List<TcpSegment> decode(List<Packet> packets) {
        List<TcpSegment> s = new ArrayList<>();
        for (Packet p : packets) {
            TcpSegment seg = PacketDecoder.decode(p);
            assertNotNull(seg, "frame did not decode");
            s.add(seg);
        }
        return s;
    }

    private static void assertStreams(SessionFixture f, TcpConnection c) {
        assertEquals(f.client, c.client());
        assertEquals(f.server, c.server());
        assertArrayEquals(f.stream(true), SessionFixture.join(c.chunks(), true));
        assertArrayEquals(f.stream(false), SessionFixture.join(c.chunks(), false));
        assertTrue(c.complete());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,127.0.0.1,true", "::1,::1,false", "192.0.2.7,192.0.2.1,true"})
    void roundTripsThroughBothFileFormats(String clientIp, String serverIp, boolean pcapng) throws Exception {
        SessionFixture f = new SessionFixture(clientIp, serverIp);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        if (pcapng) {
            PcapngWriter w = new PcapngWriter(file, LinkType.ETHERNET, true);
            for (Packet p : f.frames()) {
                w.writePacket(p.timeNanos(), p.data());
            }
        } else {
            PcapWriter w = new PcapWriter(file, LinkType.ETHERNET, false);
            for (Packet p : f.frames()) {
                w.write(p.timeNanos(), p.data());
            }
        }
        List<Packet> read = new ArrayList<>();
        try (PacketReader r = PacketReader.open(new ByteArrayInputStream(file.toByteArray()), "x")) {
            for (Packet p; (p = r.next()) != null; ) {
                read.add(p);
            }
        }
        List<TcpConnection> conns = reassemble(decode(read));
        assertEquals(1, conns.size());
        assertStreams(f, conns.get(0));
        assertEquals(f.chunks.get(0).timeNanos() / 1000, conns.get(0).chunks().get(0).timeNanos() / 1000);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void outOfOrderRetransmittedOverlappingAndSplitSegments(long seed) throws Exception {
        SessionFixture f = new SessionFixture("10.0.0.2", "10.0.0.1");
        List<TcpSegment> clean = decode(f.frames());
        Random r = new Random(seed);
        List<TcpSegment> messy = new ArrayList<>();
        // The three-way handshake stays first, as on a real network (nothing is sent before it).
        messy.addAll(clean.subList(0, 3));
        for (TcpSegment s : clean.subList(3, clean.size())) {
            byte[] p = s.payload();
            if (p.length > 10 && r.nextBoolean()) {
                // split into two overlapping pieces: [0, b) and [a, len) with a < b
                int a = 1 + r.nextInt(p.length / 2);
                int b = a + 1 + r.nextInt(p.length - a - 1);
                messy.add(withPayload(s, s.seq(), Arrays.copyOfRange(p, 0, b), s.flags() & ~TcpSegment.FIN));
                messy.add(withPayload(s, s.seq() + a, Arrays.copyOfRange(p, a, p.length), s.flags()));
            } else {
                messy.add(s);
            }
            if (r.nextInt(4) == 0) {
                messy.add(s); // retransmission
            }
        }
        // Shuffle within windows of 6 (reordering as a network does it, not across the whole session).
        for (int i = 3; i < messy.size(); i += 6) {
            Collections.shuffle(messy.subList(i, Math.min(messy.size(), i + 6)), r);
        }
        List<TcpConnection> conns = reassemble(messy);
        assertEquals(1, conns.size(), conns.toString());
        assertStreams(f, conns.get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.LOOP, LinkType.RAW})
    void decodesEveryLinkType(int linkType) throws Exception {
        SessionFixture f = new SessionFixture("127.0.0.1", "127.0.0.1");
        List<Packet> converted = new ArrayList<>();
        for (Packet p : f.frames()) {
            byte[] ip = Arrays.copyOfRange(p.data(), PacketDecoder.ETHERNET_HEADER, p.data().length);
            byte[] head = switch (linkType) {
                // SLL: packet type 0 (to us), ARPHRD_LOOPBACK 772, addr len 6, 8 address bytes, protocol
                case LinkType.LINUX_SLL -> new byte[] {0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0};
                // SLL2: protocol, reserved, ifindex 1, ARPHRD 772, packet type, addr len, 8 address bytes
                case LinkType.LINUX_SLL2 -> new byte[] {8, 0, 0, 0, 0, 0, 0, 1, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0};
                case LinkType.NULL -> new byte[] {2, 0, 0, 0}; // AF_INET, little-endian host
                case LinkType.LOOP -> new byte[] {0, 0, 0, 2}; // AF_INET, big-endian
                default -> new byte[0];
            };
            byte[] framed = new byte[head.length + ip.length];
            System.arraycopy(head, 0, framed, 0, head.length);
            System.arraycopy(ip, 0, framed, head.length, ip.length);
            converted.add(new Packet(p.timeNanos(), linkType, framed, 0));
        }
        List<TcpConnection> conns = reassemble(decode(converted));
        assertStreams(f, conns.get(0));
    }

    /** Sequence numbers that wrap past 2^32 mid-stream (ISNs just below it, as RFC 9293 allows). */
    @org.junit.jupiter.api.Test
    void sequenceNumbersWrapAround() throws Exception {
        SessionFixture f = new SessionFixture("10.0.0.2", "10.0.0.1");
        List<Packet> frames = new ArrayList<>();
        new SessionSynthesizer(f.client, f.server, 0xFFFFF000L, 0xFFFFFF00L).write(SessionFixture.START, f.chunks,
                SessionFixture.START + 1_000_000_000L, (t, fr) -> frames.add(new Packet(t, LinkType.ETHERNET, fr, 0)));
        List<TcpSegment> segs = decode(frames);
        assertTrue(segs.stream().anyMatch(s -> s.seq() < 0x1000 && s.payload().length > 0), "no segment after the wrap");
        List<TcpSegment> shuffled = new ArrayList<>(segs);
        Collections.shuffle(shuffled.subList(3, shuffled.size()), new Random(3));
        assertStreams(f, reassemble(shuffled).get(0));
    }

    @org.junit.jupiter.api.Test
    void aMissingSegmentIsReportedNotInvented() throws Exception {
        SessionFixture f = new SessionFixture("10.0.0.2", "10.0.0.1");
        List<TcpSegment> segs = new ArrayList<>(decode(f.frames()));
        int firstFull = 0;
        while (segs.get(firstFull).payload().length != SessionSynthesizer.MSS_IPV4) {
            firstFull++;
        }
        segs.remove(firstFull);
        TcpConnection c = reassemble(segs).get(0);
        assertFalse(c.complete());
        assertEquals(SessionSynthesizer.MSS_IPV4, c.missingBytes());
    }

    private static TcpSegment withPayload(TcpSegment s, long seq, byte[] p, int flags) {
        return new TcpSegment(s.timeNanos(), s.source(), s.destination(), seq & 0xffffffffL, s.ack(), flags, p);
    }
}
