package dev.ussllab.device.fuzz;

import dev.ussllab.testsupport.Mutations;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the serial-side fuzzers share (issue 15 section 6), in the manner of the tools module's
 * DecryptFuzzTest: a budget ({@code -Dfuzz.seconds=N} gives every fuzzer N seconds), a seed that is
 * printed ({@code -Dfuzz.seed=S} replays a run), the mutations, one input at a time on its own
 * thread with a deadline (past it, the input is a hang), and inputs that fail kept under
 * target/fuzz-findings so they can become files of the regressions folder that
 * {@code FuzzRegressionsTest} replays in every build.
 */
public final class Fuzz {

    /** One input past this is a hang: the slowest input (a MicroPython boot plus a session) takes a few seconds under load. */
    public static final int DEADLINE_SECONDS = 20;
    /** Stack of the thread an input runs on: the emulated board's REPL thread has 16 MB (MicroPythonFirmware). */
    public static final long STACK_BYTES = 16L << 20;
    static final int[] EDGE_VALUES = {0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x400, 0x1000, 16};
    /** Bytes the serial protocols give meaning to: SLIP END/ESC and escapes, the REPL's Ctrl-A..E, \r \n, the prompt. */
    static final byte[] PROTOCOL_BYTES = {(byte) 0xC0, (byte) 0xDB, (byte) 0xDC, (byte) 0xDD, 1, 2, 3, 4, 5, '\r', '\n', '>', 'O', 'K', 'R'};

    private final String name;
    private final long seed;
    private final Random random;
    private final long end;
    private final int seconds;
    private ExecutorService runner;
    private final List<String> failures = new ArrayList<>();
    private int inputs;

    private Fuzz(String name, int defaultSeconds) {
        this.name = name;
        this.seconds = Integer.getInteger("fuzz.seconds", defaultSeconds);
        this.seed = Long.getLong("fuzz.seed", System.nanoTime());
        this.random = new Random(seed);
        this.end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        System.out.printf("%s fuzz: seed %d (-Dfuzz.seed=%d replays it), %d s%n", name, seed, seed, seconds);
        this.runner = newRunner();
    }

    /** Starts a fuzzer with its default budget; {@code -Dfuzz.seconds} overrides it. */
    public static Fuzz start(String name, int defaultSeconds) {
        return new Fuzz(name, defaultSeconds);
    }

    public Random random() {
        return random;
    }

    /** Whether the budget allows another input and nothing failed yet. */
    public boolean more() {
        return System.nanoTime() < end && failures.isEmpty();
    }

    public int inputs() {
        return inputs;
    }

    public List<String> failures() {
        return failures;
    }

    /** The report line and the failures (with the seed), for the assertion. */
    public String summary(String counts) {
        return String.format("%s fuzz: %d inputs in %d s (seed %d)%s%s", name, inputs, seconds, seed,
                counts.isEmpty() ? "" : ", " + counts, failures.isEmpty() ? "" : ": " + String.join("; ", failures));
    }

    /**
     * Runs one input; a hang past the deadline or an exception that {@code allowed} does not accept
     * is a failure, and the input is kept as {@code kind-N.bin}. Returns what the task returned, or
     * null when it failed.
     */
    public <T> T run(String kind, byte[] input, Callable<T> task, Predicate<Throwable> allowed) {
        inputs++;
        String problem = check(runner, task, allowed);
        if (problem == null) {
            return lastResult();
        }
        if (problem.startsWith("hang")) {
            runner.shutdownNow(); // the stuck thread is a daemon; later inputs get a fresh one
            runner = newRunner();
        }
        Path kept = keep(kind, input);
        failures.add(kind + ": " + problem + "; input kept in " + kept.toAbsolutePath());
        return null;
    }

    /** A failure the task reported itself (rather than by throwing): kept like the others. */
    public void fail(String kind, byte[] input, String problem) {
        Path kept = keep(kind, input);
        failures.add(kind + ": " + problem + "; input kept in " + kept.toAbsolutePath());
    }

    private Object result;

    @SuppressWarnings("unchecked")
    private <T> T lastResult() {
        return (T) result;
    }

    private String check(ExecutorService on, Callable<?> task, Predicate<Throwable> allowed) {
        result = null;
        Future<?> f = on.submit(task);
        try {
            result = f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (TimeoutException e) {
            f.cancel(true);
            return "hang past " + DEADLINE_SECONDS + " s";
        } catch (ExecutionException e) {
            return allowed.test(e.getCause()) ? null : describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A kept input is replayed with this deadline: only a real hang should trip it on a loaded machine. */
    static final int REPLAY_DEADLINE_SECONDS = 120;

    /** Runs one kept input outside a fuzzing run (the regressions test): null when it passes, else why not. */
    public static String replay(Callable<?> task, Predicate<Throwable> allowed) {
        ExecutorService on = newRunner();
        try {
            Future<?> f = on.submit(task);
            try {
                f.get(REPLAY_DEADLINE_SECONDS, TimeUnit.SECONDS);
                return null;
            } catch (TimeoutException e) {
                f.cancel(true);
                return "hang past " + REPLAY_DEADLINE_SECONDS + " s";
            } catch (ExecutionException e) {
                return allowed.test(e.getCause()) ? null : describe(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        } finally {
            on.shutdownNow();
        }
    }

    public void close() {
        runner.shutdownNow();
    }

    static String describe(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return t + (st.length > 0 ? " at " + st[0] : "");
    }

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz-input", STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    static Path keep(String kind, byte[] input) {
        try {
            Path findings = Files.createDirectories(Path.of("target", "fuzz-findings"));
            Path kept = findings.resolve(kind + "-" + System.currentTimeMillis() + ".bin");
            Files.write(kept, input);
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------- mutations ----------------

    /** One mutation of a seed: bytes, protocol bytes, edge values over length fields, cuts, repeats, drops, splices. */
    public static byte[] mutate(byte[] seed, Random r) {
        if (seed.length < 8) {
            byte[] grown = Arrays.copyOf(seed, seed.length + 1 + r.nextInt(16));
            for (int i = seed.length; i < grown.length; i++) {
                grown[i] = (byte) r.nextInt(256);
            }
            return grown;
        }
        byte[] b = seed.clone();
        switch (r.nextInt(8)) {
            case 0 -> Mutations.randomBytes(b, r, 8);
            case 1 -> Mutations.edgeValue(b, r, EDGE_VALUES);
            case 2 -> b = Mutations.cut(b, r);
            case 3 -> b = Mutations.repeatRun(b, r, 256);
            case 4 -> b = Mutations.dropRun(b, r, 256);
            case 5 -> { // protocol bytes inserted
                int at = r.nextInt(b.length + 1);
                int n = 1 + r.nextInt(4);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = PROTOCOL_BYTES[r.nextInt(PROTOCOL_BYTES.length)];
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                b = out;
            }
            case 6 -> { // random bytes inserted (line noise)
                int at = r.nextInt(b.length + 1);
                int n = 1 + r.nextInt(64);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                b = out;
            }
            default -> Mutations.flipBits(b, r, 16);
        }
        return b;
    }

    /** Opcodes of the ROM loader and of esptool's stub (RomOpcode, StubProtocol), and a few that are neither. */
    static final int[] OPCODES = {0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0F, 0x10, 0x11, 0x12, 0x13,
        0xD0, 0xD1, 0xD2, 0xD3, 0x00, 0x01, 0xFF};

    /**
     * A SLIP stream mutated inside its packets, where the protocol reads them: a 32-bit field of
     * the body set to an edge value, the bytes changed with the length field kept true, another
     * opcode or direction, a packet dropped or repeated; then framed again. Bytes outside frames
     * are left out.
     */
    public static byte[] mutateFrames(byte[] stream, Random r) {
        dev.ussllab.device.rom.Slip.Decoder d = new dev.ussllab.device.rom.Slip.Decoder();
        List<byte[]> packets = new ArrayList<>();
        for (byte b : stream) {
            byte[] p = d.feed(b);
            if (p != null) {
                packets.add(p);
            }
        }
        if (packets.isEmpty()) {
            return mutate(stream, r);
        }
        for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
            int i = r.nextInt(packets.size());
            byte[] p = packets.get(i).clone();
            switch (r.nextInt(6)) {
                case 0, 1 -> { // an edge value in a field of the body (little-endian, as the ROM reads it)
                    if (p.length >= 12) {
                        int at = 8 + 4 * r.nextInt((p.length - 8) / 4);
                        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(at, EDGE_VALUES[r.nextInt(EDGE_VALUES.length)]);
                    } else if (p.length >= 4) {
                        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(0, EDGE_VALUES[r.nextInt(EDGE_VALUES.length)]);
                    }
                }
                case 2 -> { // changed bytes, the length field kept consistent
                    p = mutate(p, r);
                    if (p.length >= 8) {
                        int len = p.length - 8;
                        p[2] = (byte) len;
                        p[3] = (byte) (len >> 8);
                    }
                }
                case 3 -> { // another opcode or direction
                    if (p.length >= 2) {
                        p[r.nextInt(8) == 0 ? 0 : 1] = (byte) OPCODES[r.nextInt(OPCODES.length)];
                    }
                }
                case 4 -> {
                    packets.remove(i);
                    if (packets.isEmpty()) {
                        return new byte[0];
                    }
                    continue;
                }
                default -> packets.add(i, p);
            }
            packets.set(i, p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.writeBytes(dev.ussllab.device.rom.Slip.encode(p));
        }
        return out.toByteArray();
    }

    /**
     * A conversation mutated: one to three turns changed with {@link #mutate}, sometimes a turn
     * dropped, repeated or two swapped, so replies come missing, twice or out of order.
     */
    public static List<byte[]> mutateTurns(List<byte[]> turns, Random r) {
        List<byte[]> t = new ArrayList<>(turns);
        if (t.isEmpty()) {
            t.add(new byte[0]);
        }
        switch (r.nextInt(6)) {
            case 0 -> t.remove(r.nextInt(t.size()));
            case 1 -> {
                int i = r.nextInt(t.size());
                t.add(i, t.get(i));
            }
            case 2 -> {
                int i = r.nextInt(t.size());
                int j = r.nextInt(t.size());
                byte[] x = t.get(i);
                t.set(i, t.get(j));
                t.set(j, x);
            }
            default -> {
                for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                    int i = r.nextInt(t.size());
                    t.set(i, mutate(t.get(i), r));
                }
            }
        }
        return t;
    }

    /** Turns joined, in order. */
    public static byte[] concat(List<byte[]> turns) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        turns.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** Turns as one file: each a 4-byte big-endian length, then its bytes (the regressions' format). */
    public static byte[] pack(List<byte[]> turns) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            for (byte[] t : turns) {
                out.writeInt(t.length);
                out.write(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static List<byte[]> unpack(byte[] packed) {
        List<byte[]> turns = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(packed))) {
            while (in.available() > 0) {
                byte[] t = new byte[in.readInt()];
                in.readFully(t);
                turns.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return turns;
    }

    /** The kept inputs of one kind, from the regressions folder on the test class path (empty when there are none). */
    public static List<Path> regressions(String kind) {
        URL folder = Fuzz.class.getResource("regressions/" + kind);
        if (folder == null) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(Path.of(folder.toURI()))) {
            return s.sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
