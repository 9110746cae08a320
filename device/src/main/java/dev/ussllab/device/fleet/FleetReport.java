package dev.ussllab.device.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a fleet run measured: the same figures for people ({@link #lines()}) and scripts
 * ({@link #json()}). Latency runs from the moment an exchange was due (open loop: its slot in
 * the schedule, so a slow server cannot hide its queue: no coordinated omission) or began (closed
 * loop) to its end: the reply, or the handshake when there is no message. {@code cpuSeconds} is the
 * fleet process's own CPU time over the run (every thread; -1 when the JVM cannot tell), so a run
 * shows whether the load generator or the server was the limit. {@code crypto} names who did the
 * boards' cryptography ("JDK", or the native provider fleet preferred).
 */
public record FleetReport(String target, int boards, String mode, double seconds, long handshakes, long failed,
        Map<String, Long> failures, double p50Ms, double p90Ms, double p99Ms, double maxMs, long bytesSent,
        long bytesReceived, int peakConnected, int threads, double cpuSeconds, String crypto) {

    public double handshakesPerSecond() {
        return seconds <= 0 ? 0 : handshakes / seconds;
    }

    /** The fleet's CPU milliseconds per completed exchange, or -1 when unknown. */
    public double cpuMsPerHandshake() {
        return cpuSeconds < 0 || handshakes == 0 ? -1 : cpuSeconds * 1000 / handshakes;
    }

    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add(String.format(Locale.ROOT, "%d boards against %s, %s, %.1f s: %d handshakes (%.1f/s), %d failed, peak %d connected",
                boards, target, mode, seconds, handshakes, handshakesPerSecond(), failed, peakConnected));
        l.add(String.format(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f", p50Ms, p90Ms, p99Ms, maxMs));
        l.add(String.format(Locale.ROOT, "bytes: %d sent, %d received", bytesSent, bytesReceived));
        if (cpuSeconds >= 0) {
            l.add(String.format(Locale.ROOT, "fleet: %d thread%s, crypto by %s, %.2f CPU seconds (%.0f%% of one core)%s",
                    threads, threads == 1 ? "" : "s", crypto, cpuSeconds, seconds > 0 ? 100 * cpuSeconds / seconds : 0,
                    handshakes > 0 ? String.format(Locale.ROOT, ", %.3f CPU ms per exchange", cpuMsPerHandshake()) : ""));
        }
        failures.forEach((k, v) -> l.add("failures: " + v + " x " + k));
        return l;
    }

    public String json() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"target\": ").append(quote(target));
        b.append(", \"boards\": ").append(boards);
        b.append(", \"mode\": ").append(quote(mode));
        b.append(", \"seconds\": ").append(num(seconds));
        b.append(", \"handshakes\": ").append(handshakes);
        b.append(", \"handshakes_per_second\": ").append(num(handshakesPerSecond()));
        b.append(", \"latency_ms\": {\"p50\": ").append(num(p50Ms)).append(", \"p90\": ").append(num(p90Ms))
                .append(", \"p99\": ").append(num(p99Ms)).append(", \"max\": ").append(num(maxMs)).append('}');
        b.append(", \"failed\": ").append(failed);
        b.append(", \"failures\": {");
        String sep = "";
        for (Map.Entry<String, Long> e : failures.entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(": ").append(e.getValue());
            sep = ", ";
        }
        b.append('}');
        b.append(", \"bytes_sent\": ").append(bytesSent);
        b.append(", \"bytes_received\": ").append(bytesReceived);
        b.append(", \"peak_connected\": ").append(peakConnected);
        b.append(", \"threads\": ").append(threads);
        b.append(", \"crypto\": ").append(quote(crypto));
        b.append(", \"cpu_seconds\": ").append(cpuSeconds < 0 ? "null" : num(cpuSeconds));
        b.append(", \"cpu_ms_per_handshake\": ").append(cpuMsPerHandshake() < 0 ? "null" : num(cpuMsPerHandshake()));
        return b.append('}').toString();
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String quote(String s) {
        return dev.ussllab.profile.Json.str(s);
    }
}
