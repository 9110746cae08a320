package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of refusals prints its first lines and one summary per 10 s; exchanges always print. */
class LogThrottleTest {

    private static ConnectionRecord record(ConnectionRecord.Outcome outcome) {
        Instant now = Instant.now();
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 40000);
        return new ConnectionRecord(a, a, null, -1, List.of(), null, null, null, new byte[0], 0, 0, outcome,
                outcome == ConnectionRecord.Outcome.OK ? "" : "why", new byte[0], now, null, now);
    }

    @Test
    void fourHundredBusyBecomeTwentyLinesAndOneSummary() {
        List<String> lines = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        LogThrottle t = new LogThrottle(lines::add, clock::get);
        for (int i = 0; i < 420; i++) {
            t.record(record(ConnectionRecord.Outcome.BUSY));
            t.record(record(ConnectionRecord.Outcome.OK));
        }
        assertEquals(20 + 420, lines.size(), "every OK line, the first 20 busy ones");
        clock.addAndGet(LogThrottle.WINDOW_NANOS);
        t.tick();
        assertEquals("400 more connections refused as busy in the last 10 s", lines.get(lines.size() - 1));
        t.record(record(ConnectionRecord.Outcome.BUSY));
        assertTrue(lines.get(lines.size() - 1).contains(" busy: why"), "a new window prints again");
    }

    @Test
    void kindsAreCountedApartAndFlushedAtStop() {
        List<String> lines = new ArrayList<>();
        LogThrottle t = new LogThrottle(lines::add, () -> 0);
        for (int i = 0; i < 25; i++) {
            t.record(record(ConnectionRecord.Outcome.TIMEOUT));
            t.record(record(ConnectionRecord.Outcome.CLOSED));
        }
        t.flush();
        assertEquals(42, lines.size(), lines.toString());
        assertTrue(lines.contains("5 more connections timed out in the last 1 s"), lines.toString());
        assertTrue(lines.contains("5 more connections closed early in the last 1 s"), lines.toString());
    }
}
