package dev.ussllab.device.rom;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlipTest {

    private static List<byte[]> feedAll(Slip.Decoder d, byte[] wire) {
        List<byte[]> out = new ArrayList<>();
        for (byte b : wire) {
            byte[] p = d.feed(b);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void goldenEscapes() {
        // RFC 1055: C0 -> DB DC, DB -> DB DD; worked by hand.
        assertEquals("c001dbdc02dbdd03c0", HexFormat.of().formatHex(Slip.encode(new byte[] {1, (byte) 0xC0, 2, (byte) 0xDB, 3})));
        assertEquals(9, Slip.encodedLength(new byte[] {1, (byte) 0xC0, 2, (byte) 0xDB, 3}));
    }

    @Test
    void ignoresBytesOutsideFramesAndSplitsBackToBackFrames() {
        byte[] wire = HexFormat.of().parseHex("6574730d0ac00102c0c00304c0ff");
        Slip.Decoder d = new Slip.Decoder();
        List<byte[]> frames = feedAll(d, wire);
        assertEquals(2, frames.size());
        assertArrayEquals(new byte[] {1, 2}, frames.get(0));
        assertArrayEquals(new byte[] {3, 4}, frames.get(1));
        assertEquals(6, d.noiseBytes());
    }

    @Test
    void badEscapeSpoilsOnlyThatFrame() {
        Slip.Decoder d = new Slip.Decoder();
        List<byte[]> frames = feedAll(d, HexFormat.of().parseHex("c001db0102c0c00505c0"));
        assertEquals(1, frames.size());
        assertArrayEquals(new byte[] {5, 5}, frames.get(0));
        assertEquals(1, d.badFrames());
    }

    @Test
    void randomPacketsSurviveOneByteAtATime() {
        Random r = new Random(42);
        Slip.Decoder d = new Slip.Decoder();
        for (int i = 0; i < 200; i++) {
            byte[] p = new byte[1 + r.nextInt(1100)];
            r.nextBytes(p);
            List<byte[]> got = feedAll(d, Slip.encode(p));
            assertEquals(1, got.size());
            assertArrayEquals(p, got.get(0));
        }
    }
}
