package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.decrypt.CaptureDecryptor;
import dev.ussllab.host.decrypt.KeyLog;
import dev.ussllab.host.decrypt.RsaPremaster;
import dev.ussllab.host.decrypt.SessionReport;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import dev.ussllab.tools.Cli;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 section 6: the parsers decrypt runs (pcap, pcapng, TCP reassembly, TLS records, the
 * handshake with its ClientHello, the record ciphers) fuzzed for a bounded time, from a corpus of
 * real captures: tcpdump's pcap of openssl sessions of every kind (DecryptCommandTest's) and the
 * demo's pcapng with its secrets blocks. Mutations: byte flips and runs, lengths set to edge
 * values, blocks cut, repeated or dropped. An input fails the run when an exception other than
 * the one-line LabException reaches the caller, or when it takes longer than the deadline; it is
 * kept under target/fuzz-findings so it can become a file in fuzz-regressions (replayed by
 * DecryptFuzzRegressionsTest in every build).
 */
@Tag("long")
class DecryptFuzzTest {

    /** Overall budget; -Dfuzz.seconds=N for a longer run. */
    static final int SECONDS = Integer.getInteger("fuzz.seconds", 90);
    /** One input (a few KB to a few hundred KB) that takes this long is a hang. */
    static final int DEADLINE_SECONDS = 10;
    static final int[] EDGE_VALUES = {0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 12, 16, 28};

    @TempDir
    static Path dir;

    @Test
    void decryptNeverCrashesOrHangs() throws Exception {
        DecryptCommandTest.dir = dir;
        DecryptCommandTest.captureSessions();
        Path key = dir.resolve("server-key.pem");
        Path work = Files.createDirectories(dir.resolve("demo"));
        assertTrue(Cli.run("demo", "--dir", work.toString(), "--port", "0").exitCode == 0);
        List<byte[]> corpus = List.of(Files.readAllBytes(DecryptCommandTest.capture),
                Files.readAllBytes(work.resolve("demo.pcapng")));
        RsaPremaster rsa = new RsaPremaster(KeyMaterial.loadRsaKey(key), null);
        KeyLog keyLog = KeyLog.load(DecryptCommandTest.keyLog);

        Random random = new Random(Long.getLong("fuzz.seed", System.nanoTime()));
        Path input = dir.resolve("input");
        Path findings = Files.createDirectories(Path.of("target", "fuzz-findings"));
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        int runs = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        while (System.nanoTime() < end && failures.isEmpty()) {
            byte[] b = mutate(corpus.get(random.nextInt(corpus.size())), random);
            Files.write(input, b);
            boolean threads = random.nextBoolean();
            Future<?> f = runner.submit(() -> {
                new CaptureDecryptor(new CaptureDecryptor.Options(rsa, keyLog, true, threads ? 2 : 1))
                        .run(List.of(input), new CaptureDecryptor.Listener<Void>() {
                            @Override
                            public void session(SessionReport report, Void rendered) {
                                // every report is fine: decrypted or with its reason
                            }

                            @Override
                            public void warning(String message) {
                                // a cut capture is read up to the cut
                            }
                        });
                return null;
            });
            runs++;
            try {
                f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException hang) {
                failures.add("hang past " + DEADLINE_SECONDS + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof LabException) {
                    refused++;
                } else {
                    failures.add(e.getCause().toString());
                }
            }
            if (!failures.isEmpty()) {
                Path kept = findings.resolve("decrypt-" + System.currentTimeMillis() + ".bin");
                Files.write(kept, b);
                failures.add("input kept in " + kept.toAbsolutePath());
            }
        }
        runner.shutdownNow();
        System.out.printf("decrypt fuzz: %d inputs in %d s, %d refused with a one-line error, %d failures%n", runs, SECONDS,
                refused, failures.isEmpty() ? 0 : 1);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int kind = r.nextInt(6);
        switch (kind) {
            case 0 -> { // a few random bytes
                for (int i = 0, n = 1 + r.nextInt(16); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> { // an edge value written over a 16- or 32-bit field, either byte order
                int at = r.nextInt(b.length - 4);
                ByteBuffer w = ByteBuffer.wrap(b).order(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                int v = EDGE_VALUES[r.nextInt(EDGE_VALUES.length)];
                if (r.nextBoolean()) {
                    w.putShort(at, (short) v);
                } else {
                    w.putInt(at, v);
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length)); // cut anywhere
            case 3 -> { // a run repeated (a block or segment twice)
                int from = r.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + r.nextInt(2048));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            case 4 -> { // a run dropped
                int from = r.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + r.nextInt(2048));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, from + len, out, from, b.length - from - len);
                b = out;
            }
            default -> { // bit flips spread over the file
                for (int i = 0, n = 1 + r.nextInt(64); i < n; i++) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return b;
    }
}
