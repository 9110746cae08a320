package dev.ussllab.host.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Classic libpcap files (pcap-savefile(5) / draft-ietf-opsawg-pcap): a 24-byte file header whose
 * magic gives the byte order and the timestamp unit, then 16-byte record headers.
 */
final class PcapReader implements PacketReader {

    /** Microsecond timestamps. */
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    /** Nanosecond timestamps (libpcap's PCAP_NSEC magic). */
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;
    /** Larger than any real frame (Wireshark's limit is 256 KiB): a bigger length means corruption. */
    static final int MAX_RECORD = 16 << 20;

    private final CountingInput in;
    private final ByteOrder order;
    private final boolean nanos;
    private final int linkType;
    private long packets;
    private String cutOff;

    PcapReader(CountingInput in) {
        this.in = in;
        byte[] h = in.read(FILE_HEADER, false, "pcap file header");
        int be = ByteBuffer.wrap(h).order(ByteOrder.BIG_ENDIAN).getInt(0);
        int le = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        order = (be == MAGIC_MICROS || be == MAGIC_NANOS) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int magic = order == ByteOrder.BIG_ENDIAN ? be : le;
        nanos = magic == MAGIC_NANOS;
        // The link type's low 16 bits; the upper bits carry FCS flags (draft-ietf-opsawg-pcap 4).
        linkType = ByteBuffer.wrap(h).order(order).getInt(20) & 0xffff;
    }

    static boolean isPcap(byte[] magic) {
        return CountingInput.startsWith(magic, 0xa1, 0xb2, 0xc3, 0xd4) || CountingInput.startsWith(magic, 0xd4, 0xc3, 0xb2, 0xa1)
                || CountingInput.startsWith(magic, 0xa1, 0xb2, 0x3c, 0x4d) || CountingInput.startsWith(magic, 0x4d, 0x3c, 0xb2, 0xa1);
    }

    @Override
    public Packet next() {
        if (cutOff != null) {
            return null;
        }
        long at = in.offset();
        try {
            Packet p = record(at);
            packets += p == null ? 0 : 1;
            return p;
        } catch (CountingInput.CutShort e) {
            cutOff = in.cutOffWarning(at, packets);
            return null;
        }
    }

    private Packet record(long at) {
        byte[] h = in.read(RECORD_HEADER, true, "pcap record header");
        if (h == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(order);
        long seconds = Integer.toUnsignedLong(b.getInt(0));
        long fraction = Integer.toUnsignedLong(b.getInt(4));
        long captured = Integer.toUnsignedLong(b.getInt(8));
        if (captured > MAX_RECORD) {
            throw in.corrupt(at, "record length " + captured + " is not plausible (expected at most " + MAX_RECORD + ")");
        }
        if (fraction >= (nanos ? 1_000_000_000L : 1_000_000L)) {
            throw in.corrupt(at, "timestamp fraction " + fraction + " is out of range");
        }
        byte[] data = in.read((int) captured, false, "pcap record data");
        long time = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        return new Packet(time, linkType, data, at);
    }

    @Override
    public List<String> keyLogLines() {
        return List.of();
    }

    @Override
    public List<String> newKeyLogLines() {
        return List.of();
    }

    @Override
    public String cutOff() {
        return cutOff;
    }

    @Override
    public void close() {
        in.close();
    }
}
