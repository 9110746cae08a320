package dev.ussllab.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records Bouncy Castle writes between two reads (it flushes after each) reach the socket as one
 * write, so a flight is one TCP segment; and nothing written is lost when the socket closes.
 */
class TappedStreamsTest {

    /** The socket's output as the test sees it: each write() call it received, in order. */
    static final class Writes extends OutputStream {
        final List<byte[]> calls = new ArrayList<>();
        boolean closed;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.write(b, off, len);
            calls.add(copy.toByteArray());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<String> tapped = new ArrayList<>();
    private final TappedStreams taps = new TappedStreams(
            (direction, bytes, offset, length) -> tapped.add(direction + " " + length));
    private final Writes socket = new Writes();
    private final OutputStream out = taps.wrap(socket);
    private final InputStream in = taps.wrap(new ByteArrayInputStream(new byte[] {0x16, 3, 3}));

    private void record(int length) throws IOException {
        out.write(new byte[length], 0, length);
        out.flush(); // what BC's RecordStream does after every record
    }

    @Test
    void aFlightLeavesAsOneWriteBeforeTheNextRead() throws IOException {
        record(62);  // ServerHello
        record(837); // Certificate
        record(9);   // ServerHelloDone
        assertEquals(0, socket.calls.size(), "nothing sent before the flight is complete");
        assertEquals(0x16, in.read());
        assertEquals(1, socket.calls.size());
        assertEquals(62 + 837 + 9, socket.calls.get(0).length);
        // The observer and the counters still see every record as written.
        assertEquals(List.of("OUT 62", "OUT 837", "OUT 9", "IN 1"), tapped);
        assertEquals(908, taps.bytesOut());
    }

    @Test
    void closingEitherStreamSendsWhatIsHeldFirst() throws IOException {
        record(57); // the reply
        record(31); // close_notify
        in.close(); // BC closes the input first; on a socket that closes the socket
        assertEquals(1, socket.calls.size(), "reply and close_notify sent before the socket closed");
        assertEquals(88, socket.calls.get(0).length);
        record(31);
        out.close();
        assertEquals(2, socket.calls.size());
        assertTrue(socket.closed);
    }

    @Test
    void aLargeWriteDoesNotWaitForARead() throws IOException {
        byte[] big = new byte[(1 << 14) + 2048];
        big[big.length - 1] = 7;
        out.write(big, 0, big.length);
        assertEquals(1, socket.calls.size(), "a full record goes out at once");
        assertArrayEquals(big, socket.calls.get(0));
    }

    @Test
    void nothingHeldMeansNoEmptyWrites() throws IOException {
        taps.send();
        assertEquals(0x16, in.read());
        assertEquals(0, socket.calls.size());
    }
}
