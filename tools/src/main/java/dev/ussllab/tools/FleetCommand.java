package dev.ussllab.tools;

import dev.ussllab.device.fleet.Fleet;
import dev.ussllab.device.fleet.FleetOptions;
import dev.ussllab.device.fleet.FleetReport;
import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** ussl-lab fleet: many emulated ESP8266 boards against one server, with figures. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Run N emulated ESP8266 boards (the same client as `device`) against one server at once:",
            "connect, handshake, send the message, read the reply, close; again and again (closed loop) or at --rate",
            "(open loop). A progress line each second, then handshakes/s, latency p50/p90/p99/max, failures by the",
            "board's error and bytes. Exit 1 if any board failed."})
public final class FleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "12345", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--boards", paramLabel = "N", required = true, description = "Boards at once, one connection each.")
    int boards;

    @Option(names = "--duration", paramLabel = "S", description = "Seconds to run (default: 10, unless --handshakes ends the run).")
    Double duration;

    @Option(names = "--handshakes", paramLabel = "K", defaultValue = "0", description = "Exchanges to start in all, then stop.")
    long handshakes;

    @Option(names = "--rate", paramLabel = "R/s", description = "Open loop: start R exchanges a second whatever the server does"
            + " (latency counts from each one's scheduled start). Default: closed loop.")
    String rate;

    @Option(names = "--message", paramLabel = "TEXT", defaultValue = ExchangeOptions.SEED_MESSAGE,
            description = "Sent after the handshake, a newline appended; \\n and \\r stand for those bytes; '' for handshakes only"
                    + " (default: ${DEFAULT-VALUE}).")
    String message;

    @Option(names = "--hold", paramLabel = "S", defaultValue = "0", description = "Seconds each board stays connected and idle after its exchange.")
    double hold;

    @Option(names = "--server-hostname", paramLabel = "NAME", description = "server_hostname for wrap_socket (the ESP8266 profile sends no SNI).")
    String serverHostname;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "10", description = "Seconds an exchange may take before it fails with ETIMEDOUT (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads driving the boards between them (default: one per core).")
    int threads;

    @Option(names = "--json", description = "Print the summary as one JSON object (no progress lines).")
    boolean json;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw LabException.badInput("--port " + port + " is not a TCP port", "use 1-65535");
        }
        if (hold < 0) {
            throw LabException.badInput("--hold must not be negative", "give seconds, e.g. --hold 60");
        }
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.isUnresolved()) {
            throw LabException.badInput("cannot resolve --host " + host, "give an address or a name this machine resolves");
        }
        FleetOptions options = new FleetOptions(target, boards, duration == null ? null : seconds("--duration", duration),
                handshakes, parseRate(rate), unescape(message).getBytes(StandardCharsets.UTF_8),
                hold == 0 ? Duration.ZERO : seconds("--hold", hold), serverHostname, seconds("--timeout", timeout), threads);
        // fleet runs the quick JIT only (tools/ussl-lab): the native provider's RSA, AES, HMAC and
        // digests, where the JDK's would run as plain Java (0.96 against 0.52 ms of CPU per board's
        // handshake, tools/BENCHMARKS.md). The ClientHello and the board's behaviour are the same.
        RsaProvider rsa = RsaProvider.get();
        LabCrypto.preferProvider(rsa.provider(), rsa.name());
        PrintWriter out = spec.commandLine().getOut();
        FleetReport r;
        try {
            r = Fleet.run(options, line -> {
                if (!json) {
                    out.println(line);
                    out.flush();
                }
            });
        } finally {
            LabCrypto.preferProvider(null, null); // the JVM may go on (tests) with other TLS peers
        }
        if (json) {
            out.println(r.json());
        } else {
            r.lines().forEach(out::println);
        }
        out.flush();
        if (r.handshakes() == 0 && r.failed() == 0) {
            throw LabException.failure("no exchange finished within the run", "give a longer --duration or a larger --timeout");
        }
        return r.failed() > 0 ? UsslLab.EXIT_FAILURE : UsslLab.EXIT_OK;
    }

    private static Duration seconds(String option, double s) {
        if (!(s > 0) || s > 86_400) {
            throw LabException.badInput(option + " " + s + " is out of range", "give 0.001 to 86400 seconds");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    static double parseRate(String r) {
        if (r == null) {
            return 0;
        }
        String n = r.endsWith("/s") ? r.substring(0, r.length() - 2) : r;
        try {
            double v = Double.parseDouble(n);
            if (v > 0 && v <= 1_000_000) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LabException.badInput("--rate " + r + " is not a rate", "give exchanges per second, e.g. --rate 500/s");
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case '\\' -> b.append('\\');
                    default -> b.append(c).append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
