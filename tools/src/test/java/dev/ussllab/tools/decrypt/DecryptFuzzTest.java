package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.decrypt.CaptureDecryptor;
import dev.ussllab.host.decrypt.KeyLog;
import dev.ussllab.host.decrypt.RsaPremaster;
import dev.ussllab.host.decrypt.SessionReport;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.host.pcap.PacketDecoder;
import dev.ussllab.host.pcap.PacketReader;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.host.pcap.TcpReassembler;
import dev.ussllab.host.pcap.TcpSegment;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.hello.ClientHelloReader;
import dev.ussllab.profile.hello.MalformedHelloException;
import dev.ussllab.tools.Cli;
import dev.ussllab.testsupport.Mutations;
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
 * handshake with its ClientHello, the record ciphers), and the ClientHello parser of compare and
 * hello on its own, fuzzed for a bounded time, from a corpus of
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
        List<byte[]> hellos = clientStreams(corpus);
        int helloRuns = 0;
        while (System.nanoTime() < end && failures.isEmpty()) {
            if (random.nextInt(4) == 0) { // the ClientHello parser compare and hello use, on its own
                byte[] h = mutate(hellos.get(random.nextInt(hellos.size())), random);
                helloRuns++;
                Future<?> f = runner.submit(() -> {
                    try {
                        ClientHelloReader.read(new java.io.ByteArrayInputStream(h));
                    } catch (MalformedHelloException | java.io.IOException malformed) {
                        // a one-line refusal
                    }
                    return null;
                });
                try {
                    f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException hang) {
                    failures.add("ClientHello parser: hang past " + DEADLINE_SECONDS + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add("ClientHello parser: " + e.getCause());
                }
                if (!failures.isEmpty()) {
                    Path kept = findings.resolve("hello-" + System.currentTimeMillis() + ".bin");
                    Files.write(kept, h);
                    failures.add("input kept in " + kept.toAbsolutePath());
                }
                continue;
            }
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
        System.out.printf("decrypt fuzz: %d captures and %d ClientHellos in %d s, %d captures refused with a one-line"
                + " error, %d failures%n", runs, helloRuns, SECONDS, refused, failures.isEmpty() ? 0 : 1);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    /** The first 4 KB the client sent on each TLS connection of the captures: ClientHello seeds. */
    static List<byte[]> clientStreams(List<byte[]> captures) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] capture : captures) {
            List<TcpConnection> conns = new ArrayList<>();
            try (PacketReader r = PacketReader.open(new java.io.ByteArrayInputStream(capture), "seed")) {
                TcpReassembler re = new TcpReassembler(conns::add);
                for (var p = r.next(); p != null; p = r.next()) {
                    TcpSegment seg = PacketDecoder.decode(p);
                    if (seg != null) {
                        re.add(seg);
                    }
                }
                re.finish();
            }
            for (TcpConnection c : conns) {
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                c.chunks().stream().filter(TcpConnection.Chunk::fromClient).forEach(ch -> b.writeBytes(ch.bytes()));
                byte[] bytes = b.toByteArray();
                if (bytes.length > 5 && bytes[0] == 22) {
                    out.add(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 4096)));
                }
            }
        }
        assertTrue(out.size() >= 5, "ClientHello seeds: " + out.size());
        return out;
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(6)) {
            case 0 -> Mutations.randomBytes(b, r, 16);
            case 1 -> Mutations.edgeValue(b, r, EDGE_VALUES);
            case 2 -> b = Mutations.cut(b, r);
            case 3 -> b = Mutations.repeatRun(b, r, 2048); // a block or segment twice
            case 4 -> b = Mutations.dropRun(b, r, 2048);
            default -> Mutations.flipBits(b, r, 64); // spread over the file
        }
        return b;
    }
}
