package dev.ussllab.device.board;

import dev.ussllab.profile.LabException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Faults to inject, each firing once at a byte count (1-based, counted from the board's start):
 * {@code drop-in:N}, {@code corrupt-in:N} (a byte the host sent), {@code drop-out:N},
 * {@code corrupt-out:N} (a byte the board sent), {@code stall:N:MS} (the board stops reading for
 * MS milliseconds after input byte N), {@code reset:N} (the board resets into its bootloader after
 * input byte N, losing whatever was in progress), {@code stuck:OFFSET} (a worn flash cell: the
 * byte at that flash offset reads 0x00 after any write, which only a read-back can notice),
 * {@code mute} (the board never answers).
 */
public final class Faults {

    enum Kind { DROP_IN, CORRUPT_IN, DROP_OUT, CORRUPT_OUT, STALL, RESET, STUCK }

    record Fault(Kind kind, long at, Duration stall) {}

    private final List<Fault> faults;
    private final boolean mute;

    private Faults(List<Fault> faults, boolean mute) {
        this.faults = List.copyOf(faults);
        this.mute = mute;
    }

    public static Faults none() {
        return new Faults(List.of(), false);
    }

    /** Parses the --fault values; throws a BAD_INPUT LabException naming the bad one. */
    public static Faults parse(List<String> specs) {
        List<Fault> out = new ArrayList<>();
        boolean mute = false;
        for (String spec : specs == null ? List.<String>of() : specs) {
            String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":");
            try {
                switch (p[0]) {
                    case "mute" -> mute = true;
                    case "drop-in" -> out.add(new Fault(Kind.DROP_IN, count(p), null));
                    case "corrupt-in" -> out.add(new Fault(Kind.CORRUPT_IN, count(p), null));
                    case "drop-out" -> out.add(new Fault(Kind.DROP_OUT, count(p), null));
                    case "corrupt-out" -> out.add(new Fault(Kind.CORRUPT_OUT, count(p), null));
                    case "reset" -> out.add(new Fault(Kind.RESET, count(p), null));
                    case "stuck" -> out.add(new Fault(Kind.STUCK, Long.decode(p[1]), null));
                    case "stall" -> {
                        if (p.length != 3) {
                            throw new IllegalArgumentException();
                        }
                        out.add(new Fault(Kind.STALL, count(p), Duration.ofMillis(Long.parseLong(p[2]))));
                    }
                    default -> throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                throw LabException.badInput("bad fault '" + spec + "'",
                        "use drop-in:N, corrupt-in:N, drop-out:N, corrupt-out:N, stall:N:MS, reset:N, stuck:OFFSET or mute");
            }
        }
        return new Faults(out, mute);
    }

    private static long count(String[] p) {
        long n = Long.parseLong(p[1]);
        if (n < 1) {
            throw new IllegalArgumentException();
        }
        return n;
    }

    boolean mute() {
        return mute;
    }

    /** The fault of one of these kinds that fires at byte {@code n}, or null. */
    Fault at(long n, Kind... kinds) {
        for (Fault f : faults) {
            if (f.at == n) {
                for (Kind k : kinds) {
                    if (f.kind == k) {
                        return f;
                    }
                }
            }
        }
        return null;
    }

    /** Flash offsets of stuck cells. */
    long[] stuckOffsets() {
        return faults.stream().filter(f -> f.kind == Kind.STUCK).mapToLong(Fault::at).toArray();
    }

    /** Whether any fault acts on the bytes on the line (the others act on the flash). */
    boolean isEmpty() {
        return !mute && faults.stream().allMatch(f -> f.kind == Kind.STUCK);
    }
}
