package dev.ussllab.host.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming pcapng reader: sections in either byte order, any number of interfaces, Enhanced and
 * Simple Packet Blocks, and TLS key logs from Decryption Secrets Blocks. Unknown blocks are skipped.
 */
final class PcapngReader implements PacketReader {

    private record Interface(int linkType, int snapLen, long unitsPerSecondPow, boolean binary) {}

    private final CountingInput in;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private final List<Interface> interfaces = new ArrayList<>();
    private final List<String> keyLog = new ArrayList<>();
    private int keyLogHandedOut;
    private long packets;
    private String cutOff;
    private long blockStart;

    /** Reads the first section header block at once: a file whose first block is not whole is no capture. */
    PcapngReader(CountingInput in) {
        this.in = in;
        long at = in.offset();
        byte[] head = in.read(8, false, "pcapng section header block");
        sectionHeader(head, at);
    }

    static boolean isPcapng(byte[] magic) {
        return CountingInput.startsWith(magic, 0x0a, 0x0d, 0x0d, 0x0a);
    }

    @Override
    public Packet next() {
        if (cutOff != null) {
            return null;
        }
        try {
            Packet p = block();
            packets += p == null ? 0 : 1;
            return p;
        } catch (CountingInput.CutShort e) {
            cutOff = in.cutOffWarning(blockStart, packets);
            return null;
        }
    }

    private Packet block() {
        while (true) {
            long at = in.offset();
            blockStart = at;
            byte[] head = in.read(8, true, "pcapng block header");
            if (head == null) {
                return null;
            }
            int type = ByteBuffer.wrap(head).order(order).getInt(0);
            if (type == Pcapng.SECTION_HEADER) {
                sectionHeader(head, at);
                continue;
            }
            int length = checkedLength(head, at);
            byte[] body = in.read(length - 8, false,
                    "pcapng block of type " + Integer.toHexString(type) + " (block starts at offset " + at + ")");
            checkTrailer(body, length, at);
            ByteBuffer b = ByteBuffer.wrap(body, 0, body.length - 4).order(order);
            switch (type) {
                case Pcapng.INTERFACE_DESCRIPTION -> interfaces.add(readInterface(b, at));
                case Pcapng.ENHANCED_PACKET -> {
                    return enhanced(b, at);
                }
                case Pcapng.SIMPLE_PACKET -> {
                    return simple(b, at);
                }
                case Pcapng.DECRYPTION_SECRETS -> readSecrets(b, at);
                default -> {
                    // Name resolution, statistics, custom blocks: not needed to decode traffic.
                }
            }
        }
    }

    /** A section header block whose 8-byte head was read: byte order, then the rest of the block. */
    private void sectionHeader(byte[] head, long at) {
        byte[] bom = in.read(4, false, "section header byte-order magic");
        int magic = ByteBuffer.wrap(bom).order(ByteOrder.BIG_ENDIAN).getInt();
        if (magic == Pcapng.BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(magic) == Pcapng.BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw in.corrupt(at + 8, "expected byte-order magic 1a2b3c4d, found " + Integer.toHexString(magic));
        }
        interfaces.clear();
        int length = checkedLength(head, at);
        if (length < Pcapng.MIN_SECTION_HEADER) {
            throw in.corrupt(at + 4, "section header block length " + length + " is shorter than its fixed fields"
                    + " (expected at least " + Pcapng.MIN_SECTION_HEADER + ")");
        }
        byte[] rest = in.read(length - 12, false, "section header block");
        checkTrailer(rest, length, at);
    }

    private int checkedLength(byte[] head, long at) {
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(head).order(order).getInt(4));
        if (length < Pcapng.BLOCK_OVERHEAD || length % 4 != 0 || length > Pcapng.MAX_BLOCK) {
            throw in.corrupt(at + 4, "block length " + length + " is invalid (expected a multiple of 4, 12.."
                    + Pcapng.MAX_BLOCK + ")");
        }
        return (int) length;
    }

    private void checkTrailer(byte[] rest, int length, long at) {
        int trailer = ByteBuffer.wrap(rest).order(order).getInt(rest.length - 4);
        if (trailer != length) {
            throw in.corrupt(at + length - 4, "block trailer length " + Integer.toUnsignedString(trailer)
                    + " does not match the header's " + length);
        }
    }

    private Interface readInterface(ByteBuffer b, long at) {
        need(b, 8, at, "interface description block");
        int linkType = b.getShort(0) & 0xffff;
        int snap = b.getInt(4);
        int tsresol = Pcapng.MICROS;
        int p = 8;
        while (p + 4 <= b.limit()) {
            int code = b.getShort(p) & 0xffff;
            int len = b.getShort(p + 2) & 0xffff;
            if (code == Pcapng.OPT_END) {
                break;
            }
            if (p + 4 + len > b.limit()) {
                throw in.corrupt(at + 8 + p, "option " + code + " runs past the end of its block");
            }
            if (code == Pcapng.OPT_IF_TSRESOL && len >= 1) {
                tsresol = b.get(p + 4) & 0xff;
            }
            p += 4 + Pcapng.pad4(len);
        }
        boolean binary = (tsresol & 0x80) != 0;
        int exponent = tsresol & 0x7f;
        if ((binary && exponent > 62) || (!binary && exponent > 18)) {
            throw in.corrupt(at, "if_tsresol " + tsresol + " is not usable");
        }
        return new Interface(linkType, snap, exponent, binary);
    }

    private Packet enhanced(ByteBuffer b, long at) {
        need(b, 20, at, "enhanced packet block");
        Interface itf = iface(b.getInt(0), at);
        long ticks = (Integer.toUnsignedLong(b.getInt(4)) << 32) | Integer.toUnsignedLong(b.getInt(8));
        int captured = b.getInt(12);
        if (captured < 0 || captured > b.limit() - 20) { // 20 + captured would overflow near 0x7fffffff
            throw in.corrupt(at, "captured length " + Integer.toUnsignedString(captured) + " exceeds the block");
        }
        byte[] data = new byte[captured];
        b.get(20, data);
        return new Packet(toNanos(ticks, itf), itf.linkType, data, at);
    }

    private Packet simple(ByteBuffer b, long at) {
        need(b, 4, at, "simple packet block");
        Interface itf = iface(0, at);
        long original = Integer.toUnsignedLong(b.getInt(0));
        int captured = (int) Math.min(original, b.limit() - 4L);
        if (itf.snapLen > 0) {
            captured = Math.min(captured, itf.snapLen);
        }
        byte[] data = new byte[captured];
        b.get(4, data);
        return new Packet(0, itf.linkType, data, at); // SPBs carry no timestamp
    }

    private void readSecrets(ByteBuffer b, long at) {
        need(b, 8, at, "decryption secrets block");
        int secretsType = b.getInt(0);
        int length = b.getInt(4);
        if (length < 0 || length > b.limit() - 8) { // 8 + length would overflow for 0x7fffffff (a fuzzer found it)
            throw in.corrupt(at, "secrets length " + Integer.toUnsignedString(length) + " exceeds the block");
        }
        if (secretsType == Pcapng.SECRETS_TLS_KEY_LOG) {
            String text = new String(b.array(), 8, length, StandardCharsets.US_ASCII);
            for (String line : text.split("\r?\n")) {
                if (!line.isBlank()) {
                    keyLog.add(line.trim());
                }
            }
        }
    }

    private Interface iface(int id, long at) {
        if (id < 0 || id >= interfaces.size()) {
            throw in.corrupt(at, "packet names interface " + id + " but only " + interfaces.size()
                    + " interface description block(s) precede it");
        }
        return interfaces.get(id);
    }

    private void need(ByteBuffer b, int n, long at, String what) {
        if (b.limit() < n) {
            throw in.corrupt(at, what + " body is " + b.limit() + " bytes, expected at least " + n);
        }
    }

    static long toNanos(long ticks, Interface itf) {
        return toNanos(ticks, itf.binary, (int) itf.unitsPerSecondPow);
    }

    static long toNanos(long ticks, boolean binary, int exponent) {
        if (binary) {
            return java.math.BigInteger.valueOf(ticks).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                    .shiftRight(exponent).longValue();
        }
        if (exponent <= 9) {
            return ticks * pow10(9 - exponent);
        }
        return ticks / pow10(exponent - 9);
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    @Override
    public List<String> keyLogLines() {
        return List.copyOf(keyLog);
    }

    @Override
    public List<String> newKeyLogLines() {
        List<String> fresh = List.copyOf(keyLog.subList(keyLogHandedOut, keyLog.size()));
        keyLogHandedOut = keyLog.size();
        return fresh;
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
