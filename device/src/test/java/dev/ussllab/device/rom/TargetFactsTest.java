package dev.ussllab.device.rom;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TargetFactsTest {

    @Test
    void macAndChipIdAsEsptoolDerivesThem() {
        // Hand-applied esptool read_mac(): mac3 == 0 and OUI code 0 in word 1 -> 18:FE:34.
        byte[] mac = Esp8266Target.macFromEfuses(0xC3000000L, 0x0000A1B2L, 0);
        assertEquals("18:fe:34:a1:b2:c3", Esp8266Target.formatMac(mac));
        assertEquals(0xA1B2C3L, Esp8266Target.chipIdFromEfuses(0xC3000000L, 0x0000A1B2L));
        assertEquals("ac:d0:74:a1:b2:c3", Esp8266Target.formatMac(Esp8266Target.macFromEfuses(0xC3000000L, 0x0001A1B2L, 0)));
        assertEquals("5c:cf:7f:01:02:03", Esp8266Target.formatMac(Esp8266Target.macFromEfuses(0x03000000L, 0x0102L, 0x5CCF7FL)));
        assertThrows(IllegalArgumentException.class, () -> Esp8266Target.macFromEfuses(0, 0x00070000L, 0));
    }

    @Test
    void efusesRoundTripTheMac() {
        for (byte[] mac : new byte[][] {{0x18, (byte) 0xFE, 0x34, 1, 2, 3}, {0x5C, (byte) 0xCF, 0x7F, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC}}) {
            long[] e = Esp8266Target.efusesForMac(mac);
            assertArrayEquals(mac, Esp8266Target.macFromEfuses(e[0], e[1], e[3]));
            assertEquals(0, e[0] & (1 << 4), "bit 4 would make esptool call it an ESP8285");
        }
    }

    @Test
    void chipNamesFromMagic() {
        assertEquals("ESP8266", Esp8266Target.chipForMagic(0xFFF0C101L));
        assertEquals("ESP32", Esp8266Target.chipForMagic(0x00F01D83L));
        assertEquals("an unknown chip (magic 0x12345678)", Esp8266Target.chipForMagic(0x12345678L));
    }

    @Test
    void flashFacts() {
        assertEquals(4L << 20, Esp8266Target.flashSizeFromJedec(0x1640EF));
        assertEquals("Winbond", Esp8266Target.flashManufacturer(0x1640EF));
        assertEquals(0x1640EFL, Esp8266Target.winbondJedecId(4L << 20));
        assertEquals(26, Esp8266Target.crystalMhz(0x1C4, 115200));
    }

    @Test
    void eraseCorrectionMatchesEsptoolSamples() {
        // Samples computed with esptool's ESP8266ROM.get_erase_size() formula by hand.
        assertEquals(0x1000, EraseSize.corrected(0, 0x1000));
        assertEquals(0xF0000, EraseSize.corrected(0, 0x100000));
        assertEquals(0x8000, EraseSize.corrected(0x1000, 0x10000));
    }

    @Test
    void correctedSizeMakesTheBuggyRomEraseWhatWasAsked() {
        for (long startSector = 0; startSector < 40; startSector++) {
            for (long n = 1; n <= 300; n++) {
                long offset = startSector * 0x1000;
                long erased = EraseSize.romErasedSectors(offset, EraseSize.corrected(offset, n * 0x1000));
                assertTrue(erased >= n && erased <= n + 1, "offset " + offset + " n " + n + " erased " + erased);
            }
        }
        // Without the correction the ROM erases up to a 64 KB block too much.
        assertEquals(256 + 16, EraseSize.romErasedSectors(0, 0x100000));
    }

    @Test
    void headerPatchedOnlyWhenAsked() {
        byte[] img = {(byte) 0xE9, 3, 0, 0x20, 0, 0, 0, 0};
        assertSame(img, ImageHeader.patch(img, "keep", null, "keep"));
        byte[] p = ImageHeader.patch(img, "dio", "4MB", "80m");
        assertEquals(2, p[2]);
        assertEquals(0x4F, p[3] & 0xFF);
        assertEquals(0x20, img[3], "the input is not modified");
        byte[] q = ImageHeader.patch(img, null, null, "26m");
        assertEquals(0x21, q[3]);
        assertThrows(IllegalArgumentException.class, () -> ImageHeader.patch(new byte[] {1, 2, 3, 4}, "dio", null, null));
        assertThrows(IllegalArgumentException.class, () -> ImageHeader.patch(img, "fast", null, null));
    }
}
