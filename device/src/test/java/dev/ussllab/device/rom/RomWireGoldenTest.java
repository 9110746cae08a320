package dev.ussllab.device.rom;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden frames for every command and reply. Each vector was produced with python3 by packing
 * exactly as esptool loader.py command() does ({@code struct.pack('<BBHI', 0, op, len(data), chk)
 * + data}, replies {@code struct.pack('<BBHI', 1, op, 2, value) + status}) and SLIP-escaping with
 * {@code replace(b'\xdb', b'\xdb\xdd').replace(b'\xc0', b'\xdb\xdc')} between two C0 bytes.
 */
class RomWireGoldenTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void sync() {
        assertEquals("c000082400000000000707122055555555555555555555555555555555555555555555555555555555555555"
                + "55c0", hex(RomCommand.sync().frame()));
    }

    @Test
    void readReg() {
        assertEquals("c0000a04000000000000100040c0", hex(RomCommand.readReg(0x40001000L).frame()));
    }

    @Test
    void writeReg() {
        assertEquals("c000091000000000004002006000000000ffffffff00000000c0",
                hex(RomCommand.writeReg(0x60000240L, 0, 0xFFFFFFFFL, 0).frame()));
    }

    @Test
    void flashBegin() {
        assertEquals("c0000210000000000000200000080000000004000000000100c0",
                hex(RomCommand.flashBegin(0x2000, 8, 0x400, 0x10000).frame()));
    }

    @Test
    void flashDataEscapesAndChecksums() {
        // Data C0 DB 01 02: checksum 0xEF^0xC0^0xDB^0x01^0x02 = 0xF7; C0 and DB escaped in the frame.
        RomCommand c = RomCommand.flashData(5, new byte[] {(byte) 0xC0, (byte) 0xDB, 1, 2});
        assertEquals(0xF7, c.checksum());
        assertEquals("c000031400f700000004000000050000000000000000000000dbdcdbdd0102c0", hex(c.frame()));
    }

    @Test
    void flashEnd() {
        assertEquals("c0000404000000000001000000c0", hex(RomCommand.flashEnd(false).frame()));
        assertEquals(0, RomCommand.flashEnd(true).word(0));
    }

    @Test
    void replies() {
        assertEquals("c001080200070712200000c0", hex(RomResponse.success(0x08, 0x20120707L).frame()));
        assertEquals("c0010a020001c1f0ff0000c0", hex(RomResponse.success(0x0A, 0xFFF0C101L).frame()));
        assertEquals("c001030200000000000107c0", hex(RomResponse.failure(0x03, RomStatus.BAD_CHECKSUM).frame()));
    }

    @Test
    void parsesRepliesAndRejectsNonReplies() {
        RomResponse r = RomResponse.parse(hex("010a020001c1f0ff0000"));
        assertNotNull(r);
        assertTrue(r.ok());
        assertEquals(0xFFF0C101L, r.value());
        RomResponse e = RomResponse.parse(hex("01030200000000000108"));
        assertFalse(e.ok());
        assertEquals(RomStatus.FLASH_WRITE_ERROR, e.error());
        assertEquals("flash write error (0x08)", RomStatus.describe(e.error()));
        assertNull(RomResponse.parse(hex("000a04000000000000100040")), "a request is not a reply");
        assertNull(RomResponse.parse(hex("010a0300")), "truncated");
        assertNull(RomResponse.parse(hex("010a05000000000000000000")), "size field disagrees with the packet");
    }

    @Test
    void parsesRequestsBothWays() {
        RomCommand c = RomCommand.flashData(3, new byte[] {9, 8, 7});
        assertEquals(c, RomCommand.parse(c.encode()));
        assertThrows(IllegalArgumentException.class, () -> RomCommand.parse(hex("000a0600000000000010004000")));
        assertThrows(IllegalArgumentException.class, () -> RomCommand.parse(hex("01")));
    }

    @Test
    void statusNames() {
        assertEquals("invalid message (0x05)", RomStatus.describe(5));
        assertEquals("failed to act (0x06)", RomStatus.describe(6));
        assertEquals("bad checksum (0x07)", RomStatus.describe(7));
        assertEquals("flash read error (0x09)", RomStatus.describe(9));
    }
}
