package dev.ussllab.device.fleet;

import dev.ussllab.profile.LabException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a fleet run does.
 *
 * @param target the server
 * @param boards emulated boards at once (each one connection at a time)
 * @param duration how long to run, or null when {@code handshakes} ends it
 * @param handshakes exchanges to start in all, or 0 when {@code duration} ends it
 * @param rate open loop: exchanges started per second whatever the server does (0: closed loop,
 *     each board starts its next exchange as soon as the last one ended)
 * @param message sent after the handshake (the seed's message and a newline); empty: handshake only
 * @param hold how long each board stays connected and idle after its exchange (ZERO: it closes)
 * @param serverHostname SNI, or null (the ESP8266 profile sends none anyway)
 * @param timeout an exchange not complete by then fails with the board's ETIMEDOUT
 * @param threads selector threads driving the boards between them (0: one per core, never more
 *     than there are boards)
 */
public record FleetOptions(InetSocketAddress target, int boards, Duration duration, long handshakes, double rate,
        byte[] message, Duration hold, String serverHostname, Duration timeout, int threads) {

    /** Boards one fleet drives; one socket each (the open-files limit must allow them). */
    public static final int MAX_BOARDS = 100_000;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** More selector threads than this only add switching on any machine this runs on. */
    public static final int MAX_THREADS = 256;

    /** One thread per core. */
    public FleetOptions(InetSocketAddress target, int boards, Duration duration, long handshakes, double rate,
            byte[] message, Duration hold, String serverHostname, Duration timeout) {
        this(target, boards, duration, handshakes, rate, message, hold, serverHostname, timeout, 0);
    }

    public FleetOptions {
        if (boards < 1 || boards > MAX_BOARDS) {
            throw LabException.badInput("--boards " + boards + " is out of range", "give 1 to " + MAX_BOARDS);
        }
        if (handshakes < 0) {
            throw LabException.badInput("--handshakes " + handshakes + " is negative", "give a count of 1 or more");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw LabException.badInput("--duration must be more than 0 seconds", "give e.g. --duration 10");
        }
        if (duration == null && handshakes == 0) {
            duration = DEFAULT_DURATION;
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw LabException.badInput("--rate " + rate + " is not usable", "give exchanges per second, e.g. --rate 500/s");
        }
        if (hold == null) {
            hold = Duration.ZERO;
        }
        if (hold.isNegative()) {
            throw LabException.badInput("--hold must not be negative", "give seconds, e.g. --hold 60");
        }
        if (timeout == null) {
            timeout = DEFAULT_TIMEOUT;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw LabException.badInput("--timeout must be more than 0 seconds", "give e.g. --timeout 10");
        }
        message = message == null ? new byte[0] : message.clone();
        if (threads < 0 || threads > MAX_THREADS) {
            throw LabException.badInput("--threads " + threads + " is out of range", "give 1 to " + MAX_THREADS + ", or leave it out for one per core");
        }
    }

    /** The threads a run uses: as asked, or one per core; never more than the boards. */
    public int threadsToUse() {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(t, boards));
    }

    public boolean openLoop() {
        return rate > 0;
    }
}
