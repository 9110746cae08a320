package dev.ussllab.host.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.pcap.TcpConnection;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRecordingTest {

    @Test
    void aRecordReadAsHeaderThenBodyIsOneChunk() {
        SessionRecording rec = new SessionRecording();
        byte[] record = new byte[5 + 300];
        record[0] = 0x17;
        long t = 1_700_000_000_000_000_000L;
        rec.add(false, record, 0, 5, t); // BC reads the header, then the body, microseconds apart
        rec.add(false, record, 5, 300, t + 20_000);
        List<TcpConnection.Chunk> chunks = rec.chunks();
        assertEquals(1, chunks.size());
        assertArrayEquals(record, chunks.get(0).bytes());
    }

    /** Reads further apart than the coalescing window stay separate arrivals with their own times. */
    @Test
    void readsFurtherApartThanTheWindowStaySeparate() {
        SessionRecording rec = new SessionRecording();
        byte[] record = new byte[5 + 300];
        long t = 1_700_000_000_000_000_000L;
        rec.add(false, record, 0, 5, t);
        rec.add(false, record, 5, 300, t + SessionRecording.COALESCE_NANOS);
        List<TcpConnection.Chunk> chunks = rec.chunks();
        assertEquals(2, chunks.size());
        assertEquals(t + SessionRecording.COALESCE_NANOS, chunks.get(1).timeNanos());
    }

    /**
     * A bulk transfer read back to back (as the tap relays a download) must not become one chunk
     * that is copied whole at every read: each chunk stays within one TLS record, and every byte
     * is kept in order.
     */
    @Test
    void aBulkTransferStaysRecordSizedChunks() {
        SessionRecording rec = new SessionRecording();
        byte[] read = new byte[TcpTap.BUFFER];
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 600; i++) { // ~10 MB
            java.util.Arrays.fill(read, (byte) i);
            rec.add(false, read, 0, read.length);
            sent.write(read, 0, read.length);
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (TcpConnection.Chunk c : rec.chunks()) {
            assertTrue(c.bytes().length <= SessionRecording.MAX_COALESCED, "a chunk of " + c.bytes().length + " bytes");
            kept.writeBytes(c.bytes());
        }
        assertArrayEquals(sent.toByteArray(), kept.toByteArray());
    }
}
