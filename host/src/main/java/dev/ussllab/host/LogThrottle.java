package dev.ussllab.host;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The host's one line per connection, bounded: a flood of the same kind of failure (busy,
 * timeout, closed, not TLS, alert) prints its first lines and then one summary per window,
 * "400 more connections refused as busy in the last 10 s", so hostile or broken clients cannot
 * fill a terminal or a disk. Successful exchanges are always printed. Thread-safe. capture and
 * hello group their lines by the same kinds.
 */
public final class LogThrottle {

    /** Lines of one kind printed per window before the rest are only counted. */
    public static final int LINES_PER_WINDOW = 20;
    public static final long WINDOW_NANOS = 10_000_000_000L;

    private final Consumer<String> out;
    private final LongSupplier clock;
    private final Map<ConnectionRecord.Outcome, long[]> windows = new EnumMap<>(ConnectionRecord.Outcome.class);

    public LogThrottle(Consumer<String> out) {
        this(out, System::nanoTime);
    }

    LogThrottle(Consumer<String> out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Prints the record's line, or counts it when its kind has had its lines in this window. */
    public void record(ConnectionRecord r) {
        record(r.outcome(), r::logLine);
    }

    /**
     * The same for a line of another server (capture, hello) whose connection ended the way kind
     * says: the line is made only when it is printed.
     */
    public synchronized void record(ConnectionRecord.Outcome kind, Supplier<String> line) {
        long now = clock.getAsLong();
        flushDue(now);
        if (kind == ConnectionRecord.Outcome.OK) {
            out.accept(line.get());
            return;
        }
        // [window start, printed, suppressed]
        long[] w = windows.computeIfAbsent(kind, k -> new long[] {now, 0, 0});
        if (w[1] < LINES_PER_WINDOW) {
            w[1]++;
            out.accept(line.get());
        } else {
            w[2]++;
        }
    }

    /** Prints the summaries of windows that have ended; call now and then (the host does once a second). */
    public synchronized void tick() {
        flushDue(clock.getAsLong());
    }

    /** Prints every pending summary (at stop). */
    public synchronized void flush() {
        long now = clock.getAsLong();
        windows.forEach((outcome, w) -> summary(outcome, w, now));
        windows.clear();
    }

    private void flushDue(long now) {
        windows.entrySet().removeIf(e -> {
            if (now - e.getValue()[0] >= WINDOW_NANOS) {
                summary(e.getKey(), e.getValue(), now);
                return true;
            }
            return false;
        });
    }

    private void summary(ConnectionRecord.Outcome outcome, long[] w, long now) {
        if (w[2] > 0) {
            long seconds = Math.max(1, Math.round(Math.min(now - w[0], WINDOW_NANOS) / 1e9));
            out.accept(w[2] + " more connections " + words(outcome) + " in the last " + seconds + " s");
        }
    }

    private static String words(ConnectionRecord.Outcome o) {
        return switch (o) {
            case BUSY -> "refused as busy";
            case TIMEOUT -> "timed out";
            case CLOSED -> "closed early";
            case ERROR -> "failed (not TLS or another error)";
            case ALERT -> "ended with an alert";
            case OK -> "served";
        };
    }
}
