package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `decrypt` against real tshark on the workload: a tcpdump capture of about 50 MB holding
 * 2,000 TLS 1.2 RSA-key-exchange sessions (the ESP8266's AES128-SHA, Python's ssl on both sides,
 * 12 KB each way), decrypted with the server's RSA key alone and with the client's key log.
 * Each tool runs as a fresh process, as a user runs it; wall time, CPU time and peak RSS are
 * printed with the ratios, never asserted (2 shared cores: the wall figures move with the load,
 * the CPU figures less so). What is asserted: both tools decrypt every record.
 */
@Tag("long")
class DecryptVsTsharkBenchmarkTest {

    static final int SESSIONS = 2000;
    static final int BYTES_EACH_WAY = 12_000;
    /** Rounds of the four runs, interleaved; the best of each is printed (the least disturbed). */
    static final int ROUNDS = 2;

    @TempDir
    Path dir;

    record Run(double wall, double cpu, long rssKb, int exit, String err) {}

    @Test
    void decryptAgainstTshark() throws Exception {
        String tshark = Peers.require("tshark");
        String python = Peers.require("python3");
        LoopbackCapture.makeKey(dir, "server");
        Path key = dir.resolve("server-key.pem");
        Path pcap = dir.resolve("krsa.pcap");
        Path keyLog = dir.resolve("keys.log");
        Path script = dir.resolve("krsa_sessions.py");
        try (var in = DecryptVsTsharkBenchmarkTest.class.getResourceAsStream("krsa_sessions.py")) {
            Files.write(script, in.readAllBytes());
        }
        int port = LoopbackCapture.freePort();
        try (LoopbackCapture tcpdump = LoopbackCapture.start(pcap, port, "lo", new String[] {"-B", "65536"})) {
            Process p = new ProcessBuilder(python, script.toString(), Integer.toString(port), Integer.toString(SESSIONS),
                    Integer.toString(BYTES_EACH_WAY), dir.resolve("server-cert.pem").toString(), key.toString(),
                    keyLog.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(Integer.toString(SESSIONS), out, "sessions completed");
            tcpdump.stop();
        }
        long size = Files.size(pcap);

        List<String> ours = ours();
        List<String> oursKey = with(ours, "decrypt", pcap.toString(), "--key", key.toString());
        List<String> oursLog = with(ours, "decrypt", pcap.toString(), "--keylog", keyLog.toString());
        List<String> theirsKey = List.of(tshark, "-r", pcap.toString(), "-o", "uat:rsa_keys:\"" + key + "\",\"\"",
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data");
        List<String> theirsLog = List.of(tshark, "-r", pcap.toString(), "-o", "tls.keylog_file:" + keyLog,
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data");

        // Both decrypt every record: 2 per session, counted in each tool's own output.
        assertEquals(2 * SESSIONS, count(oursKey, " bytes  text: "), "ours with the key");
        assertEquals(2 * SESSIONS, count(oursLog, " bytes  text: "), "ours with the key log");
        // tshark 4.0 leaves a session or two of 2,000 undecrypted with the RSA key (seen in every run
        // here; the key log decrypts them): its count is printed, and must be nearly all.
        long tsharkKey = count(theirsKey, null);
        long tsharkLog = count(theirsLog, null);
        System.out.printf("decrypt vs tshark: records decrypted: ussl-lab %d/%d with the key, %d/%d with the key log;"
                + " tshark %d and %d%n", 2 * SESSIONS, 2 * SESSIONS, 2 * SESSIONS, 2 * SESSIONS, tsharkKey, tsharkLog);
        assertTrue(tsharkKey >= 2 * SESSIONS * 99 / 100 && tsharkLog >= 2 * SESSIONS * 99 / 100, tsharkKey + " " + tsharkLog);

        Run[] best = new Run[4];
        List<List<String>> commands = List.of(oursKey, theirsKey, oursLog, theirsLog);
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < 4; i++) {
                Run r = measure(commands.get(i));
                assertEquals(0, r.exit(), r.err());
                if (best[i] == null || r.wall() < best[i].wall()) {
                    best[i] = r;
                }
            }
        }
        System.out.printf("decrypt vs tshark: %d MB capture, %d kRSA sessions, %d cores, load %.1f%n", size >> 20, SESSIONS,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        print("RSA key only", best[0], best[1], 3);
        print("key log     ", best[2], best[3], 2);

        // Memory is bounded by the sessions in flight, not the file: the same capture in a 48 MB heap.
        List<String> small = new ArrayList<>(ours);
        small.add(1, "-Xmx48m");
        Run bounded = measure(with(small, "decrypt", pcap.toString(), "--keylog", keyLog.toString()));
        assertEquals(0, bounded.exit(), bounded.err());
        System.out.printf("decrypt vs tshark: the %d MB capture also decrypts with -Xmx48m (peak RSS %d MB)%n",
                size >> 20, bounded.rssKb() >> 10);
    }

    private static void print(String what, Run ours, Run theirs, int target) {
        System.out.printf("decrypt vs tshark: %s  ussl-lab %.2f s (CPU %.2f s, peak RSS %d MB)  tshark %.2f s (CPU %.2f s,"
                        + " peak RSS %d MB)  ratio %.2fx wall, %.2fx CPU (target %dx wall)%n", what, ours.wall(), ours.cpu(),
                ours.rssKb() >> 10, theirs.wall(), theirs.cpu(), theirs.rssKb() >> 10, theirs.wall() / ours.wall(),
                theirs.cpu() / ours.cpu(), target);
    }

    /** java with the launcher's decrypt options, on the test classpath. */
    static List<String> ours() throws IOException {
        String launcher = Files.readString(Path.of("ussl-lab"));
        Matcher m = Pattern.compile("decrypt\\) opts\\+=\\(([^)]*)\\)").matcher(launcher);
        assertTrue(m.find(), "tools/ussl-lab adds JVM options for decrypt");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(m.group(1).split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ussllab.tools.UsslLab"));
        return cmd;
    }

    private static List<String> with(List<String> base, String... args) {
        List<String> c = new ArrayList<>(base);
        c.addAll(List.of(args));
        return c;
    }

    /** Lines of the command's output containing the marker (non-blank lines when null). */
    private static long count(List<String> command, String marker) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long n;
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            n = r.lines().filter(l -> marker == null ? !l.isBlank() : l.contains(marker)).count();
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return n;
    }

    /** Wall, CPU (user + system) and peak RSS of one run, through Python's getrusage of its child. */
    private static Run measure(List<String> command) throws Exception {
        List<String> c = new ArrayList<>(List.of(Peers.require("python3"), "-c",
                "import resource,subprocess,sys,time\n"
                        + "t=time.time()\n"
                        + "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\n"
                        + "u=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                        + "print('%.3f %.3f %d %d' % (time.time()-t, u.ru_utime+u.ru_stime, u.ru_maxrss, r.returncode))\n"
                        + "sys.stderr.write(r.stderr.decode(errors='replace')[-500:])\n"));
        c.addAll(command);
        Process p = new ProcessBuilder(c).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(600, TimeUnit.SECONDS));
        String[] f = out.split(" ");
        return new Run(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), err);
    }
}
