package dev.ussllab.device.fleet;

import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.NonBlockingBoard;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.tls.LabCrypto;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * N emulated ESP8266 boards against one server, driven by a few selector threads (one per core
 * by default): non-blocking sockets and Bouncy Castle's TLS client in non-blocking mode with the
 * board's exact profile ({@link NonBlockingBoard}). Each thread ({@link FleetLoop}) owns its share
 * of the boards; this class splits the work, prints the progress line each second and adds the
 * threads' figures up. Each exchange is the seed's: connect, handshake, send the message, read
 * the reply, close (or stay connected for --hold). Closed loop: each board starts again as soon
 * as it is done; open loop: exchanges start at a fixed rate on whichever board is free, and
 * latency counts from the scheduled start (wrk2's correction for coordinated omission).
 */
public final class Fleet {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private Fleet() {}

    /**
     * Runs the fleet to the end of its duration or handshake count; progress gets one line a
     * second. Fails with a one-line LabException only when nothing can run at all.
     */
    public static FleetReport run(FleetOptions o, Consumer<String> progress) {
        checkOpenFilesLimit(o.boards(), openFilesLimit());
        TlsClientProfile profile = Profiles.esp8266();
        try {
            // Loads and initialises the TLS classes and crypto (seconds on a busy machine) before
            // the clock starts, so the first second measures boards, not class loading.
            new NonBlockingBoard(profile, o.serverHostname(), 0, o.target()).output();
        } catch (AxtlsException e) {
            throw LabException.failure("the emulated board cannot start: " + e.plainWords(), null);
        }
        int threads = o.threadsToUse();
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        long bootNanos = System.nanoTime();
        List<FleetLoop> loops = new ArrayList<>();
        int firstBoard = 0;
        for (int i = 0; i < threads; i++) {
            int boards = share(o.boards(), threads, i);
            long handshakes = o.handshakes() == 0 ? 0 : share(o.handshakes(), threads, i);
            double rate = o.rate() * boards / o.boards();
            if (o.handshakes() > 0 && handshakes == 0) {
                continue; // fewer exchanges than threads: this one would have nothing to do
            }
            loops.add(new FleetLoop(o, profile, firstBoard, boards, handshakes, rate, bootNanos, connected, peak));
            firstBoard += boards;
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            Thread t = new Thread(loops.get(i), "fleet-" + (i + 1));
            t.setDaemon(true);
            t.start();
            running.add(t);
        }
        long nextProgress = t0 + SECOND;
        long lastHandshakes = 0;
        try {
            for (Thread t : running) {
                while (t.isAlive()) {
                    long now = System.nanoTime();
                    if (now - nextProgress >= 0) {
                        long h = sum(loops, true);
                        progress.accept(String.format(Locale.ROOT, "%d s: %d boards connected, %d handshakes/s, %d failed",
                                (now - t0 + SECOND / 2) / SECOND, connected.get(), h - lastHandshakes, sum(loops, false)));
                        lastHandshakes = h;
                        nextProgress += SECOND;
                    }
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextProgress - now)));
                }
            }
        } catch (InterruptedException e) {
            loops.forEach(FleetLoop::stop);
            Thread.currentThread().interrupt();
            for (Thread t : running) {
                try {
                    t.join(TimeUnit.NANOSECONDS.toMillis(o.timeout().toNanos()) + 1000);
                } catch (InterruptedException again) {
                    break;
                }
            }
        }
        long cpu1 = processCpuNanos();
        for (FleetLoop l : loops) {
            if (l.error() != null) {
                throw l.error();
            }
        }
        return report(o, loops, loops.size(), peak.get(), cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9);
    }

    /**
     * Files the JVM itself keeps open (jars, selectors, the console) besides one socket per board:
     * a margin, not a count.
     */
    static final int OWN_FILES = 64;

    /**
     * One socket per board must fit the open-files limit, or boards beyond it would all fail
     * with "too many open files". The JVM raises its soft limit to the hard one by itself at start.
     */
    static void checkOpenFilesLimit(int boards, long limit) {
        if (limit > 0 && boards + OWN_FILES > limit) {
            throw LabException.badInput("--boards " + boards + " needs about " + (boards + OWN_FILES)
                    + " open files, and this process may open " + limit,
                    "raise the limit (ulimit -n; the hard limit, ulimit -Hn, as root or in /etc/security/limits.conf) or give fewer --boards");
        }
    }

    /** This process's open-files limit, or -1 when the JVM cannot tell. */
    private static long openFilesLimit() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
                return os.getMaxFileDescriptorCount();
            }
        } catch (RuntimeException | LinkageError e) {
            // unknown: the boards find out one by one
        }
        return -1;
    }

    /** The i-th of n near-equal parts of total (the first ones one larger). */
    static int share(long total, int n, int i) {
        return (int) (total / n + (i < total % n ? 1 : 0));
    }

    private static long sum(List<FleetLoop> loops, boolean handshakes) {
        long s = 0;
        for (FleetLoop l : loops) {
            s += handshakes ? l.handshakes() : l.failed();
        }
        return s;
    }

    /** CPU time of the whole process (every thread, the collector's and the compiler's too), or -1. */
    private static long processCpuNanos() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
        } catch (RuntimeException | LinkageError e) {
            // not available on this JVM: the report leaves the figure out
        }
        return -1;
    }

    private static FleetReport report(FleetOptions o, List<FleetLoop> loops, int threads, int peakConnected, double cpuSeconds) {
        Histogram latency = new Histogram(FleetLoop.MAX_LATENCY_MICROS, 3);
        Map<String, Long> failures = new TreeMap<>();
        long handshakes = 0;
        long failed = 0;
        long sent = 0;
        long received = 0;
        long elapsed = 0;
        for (FleetLoop l : loops) {
            latency.add(l.latency());
            l.failures().forEach((k, v) -> failures.merge(k, v, Long::sum));
            handshakes += l.handshakes();
            failed += l.failed();
            sent += l.bytesSent();
            received += l.bytesReceived();
            elapsed = Math.max(elapsed, l.elapsedNanos());
        }
        double ms = 1000.0;
        boolean any = latency.getTotalCount() > 0;
        return new FleetReport(o.target().getHostString() + ":" + o.target().getPort(), o.boards(),
                o.openLoop() ? String.format(Locale.ROOT, "open loop at %.0f/s", o.rate()) : "closed loop",
                elapsed / 1e9, handshakes, failed, failures,
                any ? latency.getValueAtPercentile(50) / ms : 0, any ? latency.getValueAtPercentile(90) / ms : 0,
                any ? latency.getValueAtPercentile(99) / ms : 0, any ? latency.getMaxValue() / ms : 0,
                sent, received, peakConnected, threads, cpuSeconds, LabCrypto.providerSummary());
    }
}
