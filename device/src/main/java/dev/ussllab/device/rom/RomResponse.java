package dev.ussllab.device.rom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One reply from the ROM loader. Wire layout (serial-protocol.rst): {@code 01}, opcode, size
 * (u16 LE), value (u32 LE), data. On the ESP8266 the data ends with 2 status bytes (the ESP32 ROM
 * sends 4): {@code 00 00} on success, {@code 01 EE} on failure with error code EE.
 */
public record RomResponse(int opcode, long value, byte[] body, int error) {

    public static final int DIRECTION_RESPONSE = 0x01;
    /** ESP8266ROM.STATUS_BYTES_LENGTH in esptool. */
    public static final int STATUS_BYTES = 2;
    public static final int HEADER_LENGTH = 8;
    /** Marker for "no error" in {@link #error()}. */
    public static final int OK = 0;

    public RomResponse {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public boolean ok() {
        return error == OK;
    }

    public static RomResponse success(int opcode, long value) {
        return new RomResponse(opcode, value, new byte[0], OK);
    }

    public static RomResponse failure(int opcode, int errorCode) {
        return new RomResponse(opcode, 0, new byte[0], errorCode);
    }

    /** The packet (before SLIP framing), as the ESP8266 ROM sends it. */
    public byte[] encode() {
        int size = body.length + STATUS_BYTES;
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) DIRECTION_RESPONSE).put((byte) opcode).putShort((short) size).putInt((int) value).put(body);
        b.put((byte) (ok() ? 0 : 1)).put((byte) error);
        return b.array();
    }

    public byte[] frame() {
        return Slip.encode(encode());
    }

    /**
     * Parses a reply packet.
     *
     * @return null when the packet is not a reply (a request echoed back, noise that happened to
     *     be framed); the caller keeps waiting, as esptool does
     */
    public static RomResponse parse(byte[] packet) {
        if (packet.length < HEADER_LENGTH + STATUS_BYTES || (packet[0] & 0xFF) != DIRECTION_RESPONSE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getShort(2) & 0xFFFF;
        if (size != packet.length - HEADER_LENGTH || size < STATUS_BYTES) {
            return null;
        }
        int statusAt = packet.length - STATUS_BYTES;
        int failed = packet[statusAt] & 0xFF;
        int code = packet[statusAt + 1] & 0xFF;
        int error = failed == 0 ? OK : (code == 0 ? RomStatus.FAILED_TO_ACT : code);
        return new RomResponse(packet[1] & 0xFF, b.getInt(4) & 0xFFFFFFFFL,
                Arrays.copyOfRange(packet, HEADER_LENGTH, statusAt), error);
    }

    @Override
    public String toString() {
        return String.format("reply 0x%02X value 0x%08X %s", opcode, value, ok() ? "ok" : RomStatus.describe(error));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RomResponse r && r.opcode == opcode && r.value == value && r.error == error
                && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value) * 31 + opcode + Arrays.hashCode(body) + error;
    }
}
