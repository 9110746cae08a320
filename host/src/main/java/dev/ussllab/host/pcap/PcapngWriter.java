package dev.ussllab.host.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes pcapng to a stream: a Section Header Block, one Ethernet (or other) interface, Enhanced
 * Packet Blocks, and Decryption Secrets Blocks carrying NSS key-log lines, which Wireshark and
 * tshark apply with no settings. Little-endian, as Wireshark itself writes on x86.
 */
public final class PcapngWriter {

    private final OutputStream out;
    private final boolean nanos;

    /** Writes the section header and the single interface description. */
    public PcapngWriter(OutputStream out, int linkType, boolean nanos) throws IOException {
        this.out = out;
        this.nanos = nanos;
        ByteBuffer shb = block(Pcapng.SECTION_HEADER, 16);
        shb.putInt(Pcapng.BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L); // length unknown
        finish(shb);
        ByteBuffer idb = block(Pcapng.INTERFACE_DESCRIPTION, 8 + 8 + 4);
        idb.putShort((short) linkType).putShort((short) 0).putInt(PcapWriter.SNAPLEN);
        idb.putShort((short) Pcapng.OPT_IF_TSRESOL).putShort((short) 1)
                .put((byte) (nanos ? Pcapng.NANOS : Pcapng.MICROS)).put(new byte[3]);
        idb.putShort((short) Pcapng.OPT_END).putShort((short) 0);
        finish(idb);
    }

    public void writePacket(long timeNanos, byte[] frame) throws IOException {
        long ticks = nanos ? timeNanos : Math.floorDiv(timeNanos, 1000L);
        ByteBuffer epb = block(Pcapng.ENHANCED_PACKET, 20 + Pcapng.pad4(frame.length));
        epb.putInt(0).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(frame.length).putInt(frame.length);
        epb.put(frame).position(epb.position() + Pcapng.pad4(frame.length) - frame.length);
        finish(epb);
    }

    /** A Decryption Secrets Block; written before the packets it decrypts, as Wireshark requires. */
    public void writeKeyLog(List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer dsb = block(Pcapng.DECRYPTION_SECRETS, 8 + Pcapng.pad4(text.length));
        dsb.putInt(Pcapng.SECRETS_TLS_KEY_LOG).putInt(text.length).put(text);
        dsb.position(dsb.position() + Pcapng.pad4(text.length) - text.length);
        finish(dsb);
    }

    public void flush() throws IOException {
        out.flush();
    }

    private static ByteBuffer block(int type, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(bodyLength + Pcapng.BLOCK_OVERHEAD).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(type).putInt(b.capacity());
    }

    private void finish(ByteBuffer b) throws IOException {
        b.putInt(b.capacity());
        out.write(b.array());
    }
}
