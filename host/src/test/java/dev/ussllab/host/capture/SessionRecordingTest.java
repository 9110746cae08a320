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
        rec.add(false, record, 0, 5); // BC reads the header, then the body, microseconds apart
        rec.add(false, record, 5, 300);
        List<TcpConnection.Chunk> chunks = rec.chunks();
        assertEquals(1, chunks.size());
        assertArrayEquals(record, chunks.get(0).bytes());
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
