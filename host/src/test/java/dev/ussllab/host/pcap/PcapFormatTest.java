package dev.ussllab.host.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes for the file formats. The vectors were written out field by field from the
 * pcapng draft (draft-ietf-opsawg-pcapng sections 4.1, 4.2, 4.3, 4.7) and pcap-savefile(5); that
 * tshark 4.0 opens files made this way is checked separately in TsharkReadsOurCaptureTest.
 */
class PcapFormatTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void pcapngHeaderAndPacketAreTheSpecLayout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngWriter w = new PcapngWriter(out, LinkType.ETHERNET, true);
        w.writePacket(1_700_000_000_123_456_789L, new byte[] {1, 2, 3, 4, 5});
        String expected = ""
                // SHB: type, length 28, byte-order magic, version 1.0, section length -1, length
                + "0a0d0d0a" + "1c000000" + "4d3c2b1a" + "0100" + "0000" + "ffffffffffffffff" + "1c000000"
                // IDB: type 1, length 32, linktype 1, reserved, snaplen 262144,
                // if_tsresol (code 9, len 1, value 9 = ns, 3 pad), opt_endofopt, length
                + "01000000" + "20000000" + "0100" + "0000" + "00000400" + "0900" + "0100" + "09000000"
                + "0000" + "0000" + "20000000"
                // EPB: type 6, length 40, interface 0, ts high/low of 1700000000123456789 ns, caplen 5,
                // origlen 5, data padded to 8, length
                + "06000000" + "28000000" + "00000000" + "fe9c9717" + "15cd853d" + "05000000" + "05000000"
                + "0102030405000000" + "28000000";
        assertEquals(expected, HEX.formatHex(out.toByteArray()));
    }

    @Test
    void decryptionSecretsBlockCarriesKeyLogLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngWriter w = new PcapngWriter(out, LinkType.ETHERNET, false);
        int before = out.size();
        w.writeKeyLog(List.of("CLIENT_RANDOM 00 11"));
        byte[] dsb = Arrays.copyOfRange(out.toByteArray(), before, out.size());
        // type 0xA, length 12+8+20, secrets type "TLSK" (0x544c534b), secrets length 20, text + "\n", length
        assertEquals("0a000000" + "28000000" + "4b534c54" + "14000000"
                + HEX.formatHex("CLIENT_RANDOM 00 11\n".getBytes()) + "28000000", HEX.formatHex(dsb));
        w.writePacket(5_000, new byte[60]);
        try (PacketReader r = PacketReader.open(new ByteArrayInputStream(out.toByteArray()), "t.pcapng")) {
            Packet p = r.next();
            assertEquals(5_000, p.timeNanos()); // microsecond file: 5 us
            assertEquals(List.of("CLIENT_RANDOM 00 11"), r.keyLogLines());
            assertNull(r.next());
        }
    }

    @Test
    void classicPcapHeaderIsTheSavefileLayout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, false);
        w.write(2_000_003_000L, new byte[] {9});
        // magic a1b2c3d4 LE, 2.4, thiszone 0, sigfigs 0, snaplen 262144, linktype 1;
        // record: 2 s, 3 us, caplen 1, len 1, data
        assertEquals("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000"
                + "02000000" + "03000000" + "01000000" + "01000000" + "09", HEX.formatHex(out.toByteArray()));
    }

    /** Big-endian, nanosecond files as a SPARC or a converted capture would have them. */
    @Test
    void readsBigEndianNanosecondPcap() {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 3).order(ByteOrder.BIG_ENDIAN);
        b.putInt(PcapReader.MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LinkType.LINUX_SLL2);
        b.putInt(7).putInt(999_999_999).putInt(3).putInt(3).put(new byte[] {7, 8, 9});
        try (PacketReader r = PacketReader.open(new ByteArrayInputStream(b.array()), "be.pcap")) {
            Packet p = r.next();
            assertEquals(7_999_999_999L, p.timeNanos());
            assertEquals(LinkType.LINUX_SLL2, p.linkType());
            assertArrayEquals(new byte[] {7, 8, 9}, p.data());
            assertNull(r.next());
        }
    }

    @Test
    void pcapngBigEndianSectionWithTwoInterfacesAndBinaryResolution() {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.BIG_ENDIAN);
        b.putInt(Pcapng.SECTION_HEADER).putInt(28).putInt(Pcapng.BYTE_ORDER_MAGIC).putShort((short) 1)
                .putShort((short) 0).putLong(-1).putInt(28);
        b.putInt(1).putInt(20).putShort((short) LinkType.RAW).putShort((short) 0).putInt(0).putInt(20);
        // second interface: if_tsresol 0x80|10 -> 2^-10 s per tick
        b.putInt(1).putInt(28).putShort((short) LinkType.NULL).putShort((short) 0).putInt(0)
                .putShort((short) 9).putShort((short) 1).put((byte) 0x8a).put(new byte[3]).putInt(28);
        b.putInt(6).putInt(36).putInt(1).putInt(0).putInt(1024 * 3).putInt(2).putInt(2).put(new byte[] {1, 2, 0, 0})
                .putInt(36);
        b.putInt(3).putInt(20).putInt(3).put(new byte[] {4, 5, 6, 0}).putInt(20); // simple packet, interface 0
        byte[] file = Arrays.copyOf(b.array(), b.position());
        try (PacketReader r = PacketReader.open(new ByteArrayInputStream(file), "be.pcapng")) {
            Packet p = r.next();
            assertEquals(LinkType.NULL, p.linkType());
            assertEquals(3_000_000_000L, p.timeNanos());
            Packet s = r.next();
            assertEquals(LinkType.RAW, s.linkType());
            assertArrayEquals(new byte[] {4, 5, 6}, s.data());
            assertNull(r.next());
        }
    }

    /** tcpdump killed mid-write: the packets before the cut are read, then one warning names the cut. */
    @Test
    void aPcapCutInItsLastPacketIsReadUpToTheCut() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, false);
        w.write(0, new byte[100]);
        w.write(1, new byte[100]);
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 10);
        try (PacketReader r = PacketReader.open(new ByteArrayInputStream(cut), "cut.pcap")) {
            assertEquals(100, r.next().data().length);
            assertNull(r.cutOff());
            assertNull(r.next());
            assertNull(r.next());
            // 24-byte file header + 16 + 100: the second record starts at offset 140
            assertEquals("cut.pcap: the capture is cut off at offset 140 (its last record is incomplete, as when tcpdump"
                    + " is killed): read the 1 packet(s) before it", r.cutOff());
        }
    }

    @Test
    void aPcapngCutInItsLastBlockIsReadUpToTheCut() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngWriter w = new PcapngWriter(out, LinkType.ETHERNET, false);
        w.writePacket(0, new byte[64]);
        w.writePacket(1, new byte[64]);
        byte[] all = out.toByteArray();
        assertEquals(28 + 32 + 96 + 96, all.length);
        for (int cut : new int[] {4, 40}) { // inside the block header, inside the packet data
            byte[] file = Arrays.copyOf(all, 156 + cut);
            try (PacketReader r = PacketReader.open(new ByteArrayInputStream(file), "cut.pcapng")) {
                assertEquals(64, r.next().data().length);
                assertNull(r.next());
                // SHB 28 + IDB 32 + EPB (28 + 64 + 4 = 96): the second packet block starts at 156
                assertTrue(r.cutOff().startsWith("cut.pcapng: the capture is cut off at offset 156 "), r.cutOff());
            }
        }
    }

    /** A file whose header itself is cut is not a capture that was cut: it is refused, naming the offset. */
    @Test
    void aCutFileHeaderIsRefused() {
        byte[] header = new byte[10];
        header[0] = (byte) 0xd4;
        header[1] = (byte) 0xc3;
        header[2] = (byte) 0xb2;
        header[3] = (byte) 0xa1;
        LabException e = assertThrows(LabException.class,
                () -> PacketReader.open(new ByteArrayInputStream(header), "head.pcap"));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("head.pcap: corrupt capture at offset 0: truncated pcap file header"), e.getMessage());
    }

    /** Issue 15: a 12-byte section header block was an IndexOutOfBoundsException; it is a corrupt block at offset 4. */
    @Test
    void aTwelveByteSectionHeaderBlockIsRefused() {
        ByteBuffer b = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0A0D0D0A).putInt(12).putInt(0x1A2B3C4D);
        LabException e = assertThrows(LabException.class,
                () -> PacketReader.open(new ByteArrayInputStream(b.array()), "shb.pcapng"));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("shb.pcapng: corrupt capture at offset 4: section header block length 12"),
                e.getMessage());
    }

    @Test
    void corruptPcapngBlockLengthSaysWhere() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapngWriter(out, LinkType.ETHERNET, true).writePacket(0, new byte[10]);
        byte[] bad = out.toByteArray();
        bad[28 + 32 + 4] = 7; // EPB length no longer a multiple of 4
        LabException e = assertThrows(LabException.class, () -> {
            try (PacketReader r = PacketReader.open(new ByteArrayInputStream(bad), "bad.pcapng")) {
                r.next();
            }
        });
        assertTrue(e.getMessage().contains("offset 64") && e.getMessage().contains("block length"), e.getMessage());
    }

    @Test
    void notACaptureAtAll() {
        LabException e = assertThrows(LabException.class,
                () -> PacketReader.open(new ByteArrayInputStream("hello world".getBytes()), "notes.txt"));
        assertTrue(e.getMessage().startsWith("notes.txt: not a pcap or pcapng file (offset 0"), e.getMessage());
    }
}
