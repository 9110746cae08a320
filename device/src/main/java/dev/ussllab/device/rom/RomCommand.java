package dev.ussllab.device.rom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One request to the ROM loader, as a plain value that encodes itself (no I/O). Wire layout
 * (serial-protocol.rst, esptool loader.py command()): {@code 00}, opcode, data length (u16 LE),
 * checksum (u32 LE), data. Only FLASH_DATA and MEM_DATA carry a real checksum; the others send 0.
 */
public record RomCommand(int opcode, byte[] data, int checksum) {

    /** Direction byte of a request. */
    public static final int DIRECTION_REQUEST = 0x00;
    /** Bytes before the data: direction, opcode, length, checksum. */
    public static final int HEADER_LENGTH = 8;
    /** Seed of the data checksum (esptool ESP_CHECKSUM_MAGIC). */
    public static final int CHECKSUM_SEED = 0xEF;
    /** The 36-byte SYNC payload: 07 07 12 20 then 32 x 55 (esptool sync()). */
    static final byte[] SYNC_PAYLOAD = syncPayload();
    /** Flash is written in blocks of this size by the ROM (esptool ESP8266ROM FLASH_WRITE_SIZE). */
    public static final int FLASH_BLOCK_SIZE = 0x400;

    public RomCommand {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public RomOpcode op() {
        return RomOpcode.of(opcode);
    }

    /** XOR of every data byte, starting from 0xEF. */
    public static int checksum(byte[] data, int off, int len) {
        int c = CHECKSUM_SEED;
        for (int i = off; i < off + len; i++) {
            c ^= data[i] & 0xFF;
        }
        return c;
    }

    public static RomCommand sync() {
        return new RomCommand(RomOpcode.SYNC.code, SYNC_PAYLOAD, 0);
    }

    public static RomCommand readReg(long address) {
        return new RomCommand(RomOpcode.READ_REG.code, words(address), 0);
    }

    public static RomCommand writeReg(long address, long value, long mask, long delayMicros) {
        return new RomCommand(RomOpcode.WRITE_REG.code, words(address, value, mask, delayMicros), 0);
    }

    /** FLASH_BEGIN: the ROM erases {@code eraseSize} bytes at {@code offset} before answering. */
    public static RomCommand flashBegin(long eraseSize, long blocks, long blockSize, long offset) {
        return new RomCommand(RomOpcode.FLASH_BEGIN.code, words(eraseSize, blocks, blockSize, offset), 0);
    }

    /** FLASH_DATA: size, sequence number, two zero words, then the block; checksum over the block. */
    public static RomCommand flashData(int seq, byte[] block) {
        byte[] d = new byte[16 + block.length];
        System.arraycopy(words(block.length, seq, 0, 0), 0, d, 0, 16);
        System.arraycopy(block, 0, d, 16, block.length);
        return new RomCommand(RomOpcode.FLASH_DATA.code, d, checksum(block, 0, block.length));
    }

    /** FLASH_END: 0 = leave the loader and run the application, 1 = stay in the loader. */
    public static RomCommand flashEnd(boolean reboot) {
        return new RomCommand(RomOpcode.FLASH_END.code, words(reboot ? 0 : 1), 0);
    }

    /** The packet (before SLIP framing). */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) DIRECTION_REQUEST).put((byte) opcode).putShort((short) data.length).putInt(checksum).put(data);
        return b.array();
    }

    /** The SLIP frame as it goes on the wire. */
    public byte[] frame() {
        return Slip.encode(encode());
    }

    /**
     * Parses a request packet (the emulated board's side).
     *
     * @throws IllegalArgumentException when it is not a well-formed request (the ROM answers
     *     "invalid message")
     */
    public static RomCommand parse(byte[] packet) {
        if (packet.length < HEADER_LENGTH || packet[0] != DIRECTION_REQUEST) {
            throw new IllegalArgumentException("not a request packet");
        }
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int op = b.get(1) & 0xFF;
        int len = b.getShort(2) & 0xFFFF;
        if (len != packet.length - HEADER_LENGTH) {
            throw new IllegalArgumentException("length field " + len + " but " + (packet.length - HEADER_LENGTH) + " data bytes");
        }
        return new RomCommand(op, Arrays.copyOfRange(packet, HEADER_LENGTH, packet.length), b.getInt(4));
    }

    /** The n-th little-endian u32 word of the data, as an unsigned value. */
    public long word(int n) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(4 * n) & 0xFFFFFFFFL;
    }

    static byte[] words(long... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    private static byte[] syncPayload() {
        byte[] p = new byte[36];
        p[0] = 0x07;
        p[1] = 0x07;
        p[2] = 0x12;
        p[3] = 0x20;
        Arrays.fill(p, 4, 36, (byte) 0x55);
        return p;
    }

    @Override
    public String toString() {
        RomOpcode op = op();
        return (op == null ? String.format("0x%02X", opcode) : op.name()) + "[" + data.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RomCommand c && c.opcode == opcode && c.checksum == checksum && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * opcode + checksum) + Arrays.hashCode(data);
    }
}
