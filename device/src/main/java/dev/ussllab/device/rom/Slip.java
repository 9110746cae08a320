package dev.ussllab.device.rom;

import java.io.ByteArrayOutputStream;

/**
 * SLIP framing (RFC 1055) as the ESP8266 ROM loader uses it: every packet is {@code C0 ... C0};
 * inside, {@code C0} travels as {@code DB DC} and {@code DB} as {@code DB DD}. Pure: bytes in,
 * bytes out. The streaming {@link Decoder} lives beside the encoder so the two stay in step.
 */
public final class Slip {

    /** Frame delimiter (RFC 1055 "END"). */
    public static final int END = 0xC0;
    /** Escape byte (RFC 1055 "ESC"). */
    public static final int ESC = 0xDB;
    /** ESC ESC_END stands for a data byte 0xC0. */
    public static final int ESC_END = 0xDC;
    /** ESC ESC_ESC stands for a data byte 0xDB. */
    public static final int ESC_ESC = 0xDD;

    private Slip() {}

    /** One complete frame: END, the escaped packet, END. */
    public static byte[] encode(byte[] packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(packet.length + packet.length / 64 + 4);
        out.write(END);
        for (byte b : packet) {
            int v = b & 0xFF;
            if (v == END) {
                out.write(ESC);
                out.write(ESC_END);
            } else if (v == ESC) {
                out.write(ESC);
                out.write(ESC_ESC);
            } else {
                out.write(v);
            }
        }
        out.write(END);
        return out.toByteArray();
    }

    /** Bytes a frame of this packet occupies on the wire (for rate figures). */
    public static int encodedLength(byte[] packet) {
        int n = 2;
        for (byte b : packet) {
            int v = b & 0xFF;
            n += (v == END || v == ESC) ? 2 : 1;
        }
        return n;
    }

    /**
     * Streaming decoder. Bytes outside a frame (boot messages, line noise) are counted and
     * dropped, as the ROM and esptool do. A bad escape sequence spoils the frame it is in: the
     * frame is discarded and counted, never delivered with a guessed byte.
     */
    public static final class Decoder {
        /** Longest packet accepted; a FLASH_DATA packet is 8 + 16 + 0x400 bytes. */
        public static final int MAX_PACKET = 0x4000 + 64;

        private final ByteArrayOutputStream packet = new ByteArrayOutputStream(1100);
        private boolean inFrame;
        private boolean escaped;
        private boolean spoiled;
        private long noiseBytes;
        private long badFrames;

        /** Feeds one byte; returns the finished packet when this byte closes a frame, else null. */
        public byte[] feed(int b) {
            b &= 0xFF;
            if (!inFrame) {
                if (b == END) {
                    startFrame();
                } else {
                    noiseBytes++;
                }
                return null;
            }
            if (b == END) {
                if (packet.size() == 0 && !spoiled) {
                    // Two ENDs in a row: the second opens the next frame (esptool does the same).
                    startFrame();
                    return null;
                }
                boolean bad = spoiled || escaped;
                byte[] done = packet.toByteArray();
                inFrame = false;
                if (bad) {
                    badFrames++;
                    return null;
                }
                return done;
            }
            if (spoiled) {
                return null;
            }
            if (escaped) {
                escaped = false;
                if (b == ESC_END) {
                    packet.write(END);
                } else if (b == ESC_ESC) {
                    packet.write(ESC);
                } else {
                    spoiled = true;
                }
            } else if (b == ESC) {
                escaped = true;
            } else {
                packet.write(b);
            }
            if (packet.size() > MAX_PACKET) {
                spoiled = true;
            }
            return null;
        }

        private void startFrame() {
            inFrame = true;
            escaped = false;
            spoiled = false;
            packet.reset();
        }

        /** Forgets a half-received frame (after a reset or a flushed input). */
        public void reset() {
            inFrame = false;
            escaped = false;
            spoiled = false;
            packet.reset();
        }

        public boolean inFrame() {
            return inFrame;
        }

        /** Bytes seen outside any frame so far. */
        public long noiseBytes() {
            return noiseBytes;
        }

        /** Frames dropped because of a bad escape or an oversize packet. */
        public long badFrames() {
            return badFrames;
        }
    }
}
