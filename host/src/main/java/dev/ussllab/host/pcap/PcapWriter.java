package dev.ussllab.host.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes classic libpcap files (little-endian, micro- or nanosecond magic) to a stream. */
public final class PcapWriter {

    /** tcpdump's default snapshot length. */
    static final int SNAPLEN = 262144;
    private static final short VERSION_MAJOR = 2;
    private static final short VERSION_MINOR = 4;

    private final OutputStream out;
    private final boolean nanos;

    public PcapWriter(OutputStream out, int linkType, boolean nanos) throws IOException {
        this.out = out;
        this.nanos = nanos;
        ByteBuffer h = ByteBuffer.allocate(PcapReader.FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS).putShort(VERSION_MAJOR).putShort(VERSION_MINOR)
                .putInt(0).putInt(0).putInt(SNAPLEN).putInt(linkType);
        out.write(h.array());
    }

    public void write(long timeNanos, byte[] frame) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(PcapReader.RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        long fraction = Math.floorMod(timeNanos, 1_000_000_000L);
        h.putInt((int) Math.floorDiv(timeNanos, 1_000_000_000L)).putInt((int) (nanos ? fraction : fraction / 1000))
                .putInt(frame.length).putInt(frame.length);
        out.write(h.array());
        out.write(frame);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
