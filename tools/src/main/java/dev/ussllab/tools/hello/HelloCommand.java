package dev.ussllab.tools.hello;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.LogThrottle;
import dev.ussllab.host.hello.HelloEvent;
import dev.ussllab.host.hello.HelloListener;
import dev.ussllab.host.hello.HelloText;
import dev.ussllab.host.hello.HostPort;
import dev.ussllab.profile.LabException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hello", mixinStandardHelpOptions = true,
        description = {"Listen for TLS clients and print each ClientHello decoded: versions, random, session id, "
                + "suites in order, every extension, JA3, JA4, and whether an RSA key could decrypt the session. "
                + "Each client then gets a handshake_failure alert, or with --forward is relayed to a real server. "
                + "Clients are served by one thread however many are held open; repeated failures are summarised."})
public final class HelloCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT",
            description = "where to listen, e.g. 127.0.0.1:4433, [::1]:4433 or 192.168.4.1:12345 (port 0: any free one)")
    String listen;

    @Option(names = "--forward", paramLabel = "HOST:PORT",
            description = "relay each connection, hello included, to this server instead of refusing it")
    String forward;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "stop after N ClientHellos (default: run until Ctrl-C)")
    int count;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "" + HelloListener.HELLO_TIMEOUT_MS / 1000,
            description = "hard deadline, from accept, for the complete ClientHello (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + HelloListener.DEFAULT_MAX_CONNECTIONS,
            description = "connections open at once, idle ones included; beyond them a new one is closed and"
                    + " reported busy (default: ${DEFAULT-VALUE}; keep it below ulimit -n)")
    int maxConnections;

    @Override
    public Integer call() {
        if (count < 0) {
            throw LabException.badInput("--count " + count + " is negative", "give 0 (no limit) or more");
        }
        if (timeoutSeconds < 1 || maxConnections < 1) {
            throw LabException.badInput("--timeout and --max-connections must be at least 1", "e.g. --timeout 10 --max-connections 4096");
        }
        InetSocketAddress bind = HostPort.listen(listen, "--listen");
        InetSocketAddress target = forward == null ? null : HostPort.connect(forward, "--forward");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Repeated failures (silent clients, busy, not TLS) print 20 lines per kind per 10 s, then a summary.
        LogThrottle problems = new LogThrottle(line -> {
            synchronized (err) {
                err.println("ussl-lab hello: " + line);
                err.flush();
            }
        });
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hello-log");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(problems::tick, 1, 1, TimeUnit.SECONDS);
        try (HelloListener listener = HelloListener.open(bind, target, timeoutSeconds * 1000, maxConnections)) {
            InetSocketAddress at = listener.address();
            out.println("listening on " + text(at)
                    + (target == null ? "; each client gets a handshake_failure alert"
                            : "; relaying to " + forward)
                    + (count > 0 ? "; stopping after " + count + " ClientHello" + (count == 1 ? "" : "s") : ""));
            out.flush();
            listener.serve(count, e -> print(e, out, problems));
        } finally {
            ticker.shutdownNow();
            problems.flush();
        }
        return 0;
    }

    /** ADDR:PORT, with an IPv6 address in brackets so the port stays readable. */
    static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof java.net.Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void print(HelloEvent e, PrintWriter out, LogThrottle problems) {
        String from = text(e.client());
        if (e.hasHello()) {
            out.println("ClientHello from " + from + " (" + e.raw().length + " bytes)");
            HelloText.lines(e.hello()).forEach(out::println);
            out.flush();
        }
        if (e.problem() != null) {
            // A hello's own problem (the relay failed) is always shown; the rest are grouped by kind.
            problems.record(e.hasHello() ? ConnectionRecord.Outcome.OK : e.outcome(),
                    () -> from + ": " + dev.ussllab.profile.UserText.clean(e.problem()));
        }
    }
}
