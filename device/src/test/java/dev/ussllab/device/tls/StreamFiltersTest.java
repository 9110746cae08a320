package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

/** The pure pieces: hello body encoder and the two record-layer filters, fed in awkward chunks. */
class StreamFiltersTest {

    /** Two handshake records with BC's first-flight version 0x0301, 3 and 2 body bytes. */
    static final byte[] TWO_RECORDS = Hex.parse("16 03 01 00 03 aa bb cc  16 03 01 00 02 dd ee");

    @Test
    void firstRecordVersionRewritesOnlyTheFirstHeaderWhateverTheWriteSizes() throws IOException {
        byte[] expected = Hex.parse("16 03 03 00 03 aa bb cc  16 03 01 00 02 dd ee");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (FirstRecordVersion out = new FirstRecordVersion(whole, 0x0303)) {
            out.write(TWO_RECORDS);
        }
        assertArrayEquals(expected, whole.toByteArray());
        ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
        try (FirstRecordVersion out = new FirstRecordVersion(bytewise, 0x0303)) {
            out.write(TWO_RECORDS, 0, 2);
            out.write(TWO_RECORDS[2]);
            for (int i = 3; i < TWO_RECORDS.length; i++) {
                out.write(TWO_RECORDS, i, 1);
            }
        }
        assertArrayEquals(expected, bytewise.toByteArray());
    }

    @Test
    void guardPassesRecordsThroughUnchangedEvenOneByteAtATime() throws IOException {
        RecordSizeGuard guard = new RecordSizeGuard(oneByteAtATime(TWO_RECORDS), 3);
        assertArrayEquals(TWO_RECORDS, guard.readAllBytes());
        assertTrue(guard.endOfStream());
        assertEquals(-1, guard.overflowSize());
    }

    @Test
    void guardRefusesARecordOneByteOverTheLimitBeforeDeliveringIt() throws IOException {
        // 5116 = 0x13fc: one byte more than the ESP8266's 5115.
        byte[] header = Hex.parse("16 03 03 13 fc");
        RecordSizeGuard guard = new RecordSizeGuard(oneByteAtATime(header), 5115);
        TlsFatalAlert e = assertThrows(TlsFatalAlert.class, () -> guard.read(new byte[16], 0, 16));
        assertEquals(AlertDescription.record_overflow, e.getAlertDescription());
        assertEquals(5116, guard.overflowSize());
        assertFalse(guard.endOfStream());
    }

    @Test
    void guardAcceptsARecordOfExactlyTheLimit() throws IOException {
        byte[] record = new byte[5 + 5115];
        System.arraycopy(Hex.parse("17 03 03 13 fb"), 0, record, 0, 5);
        assertArrayEquals(record, new RecordSizeGuard(new ByteArrayInputStream(record), 5115).readAllBytes());
    }

    @Test
    void helloBodyWritesExtensionsInTheGivenOrderAndOmitsAnEmptyBlock() {
        Map<Integer, byte[]> ext = new LinkedHashMap<>();
        ext.put(0x000d, Hex.parse("00 02 04 01"));
        ext.put(0x0000, new byte[0]);
        byte[] random = new byte[32];
        byte[] body = ClientHelloBody.encode(0x0303, random, new byte[0], new int[] {0x002f}, ext);
        assertEquals("03 03 " + "00 ".repeat(32) + "00 00 02 00 2f 01 00 00 0c 00 0d 00 04 00 02 04 01 00 00 00 00",
                Hex.of(body));
        byte[] none = ClientHelloBody.encode(0x0303, random, new byte[0], new int[] {0x002f}, Map.of());
        assertEquals(2 + 32 + 1 + 4 + 2, none.length);
    }

    @Test
    void ipv6AddressesAreNamedInTheirShortForm() {
        assertEquals("::1", Words.compactIpv6("0:0:0:0:0:0:0:1"));
        assertEquals("fe80::1:0:0:2", Words.compactIpv6("fe80:0:0:0:1:0:0:2"));
        assertEquals("1:0:2:0:3:0:4:0", Words.compactIpv6("1:0:2:0:3:0:4:0"));
        assertEquals("::", Words.compactIpv6("0:0:0:0:0:0:0:0"));
        assertEquals("[::1]:12345", Words.address(new java.net.InetSocketAddress("::1", 12345)));
    }

    static InputStream oneByteAtATime(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
