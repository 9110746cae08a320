package dev.ussllab.tools.hello;

import dev.ussllab.host.hello.HelloEvent;
import dev.ussllab.host.hello.HelloListener;
import dev.ussllab.host.hello.HelloText;
import dev.ussllab.host.hello.HostPort;
import dev.ussllab.profile.LabException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hello", mixinStandardHelpOptions = true,
        description = {"Listen for TLS clients and print each ClientHello decoded: versions, random, session id, "
                + "suites in order, every extension, JA3, JA4, and whether an RSA key could decrypt the session. "
                + "Each client then gets a handshake_failure alert, or with --forward is relayed to a real server."})
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

    @Override
    public Integer call() {
        if (count < 0) {
            throw LabException.badInput("--count " + count + " is negative", "give 0 (no limit) or more");
        }
        InetSocketAddress bind = HostPort.listen(listen, "--listen");
        InetSocketAddress target = forward == null ? null : HostPort.connect(forward, "--forward");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HelloListener listener = HelloListener.open(bind, target)) {
            InetSocketAddress at = listener.address();
            out.println("listening on " + text(at)
                    + (target == null ? "; each client gets a handshake_failure alert"
                            : "; relaying to " + forward)
                    + (count > 0 ? "; stopping after " + count + " ClientHello" + (count == 1 ? "" : "s") : ""));
            out.flush();
            listener.serve(count, e -> print(e, out, err));
        }
        return 0;
    }

    /** ADDR:PORT, with an IPv6 address in brackets so the port stays readable. */
    static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof java.net.Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void print(HelloEvent e, PrintWriter out, PrintWriter err) {
        String from = text(e.client());
        if (e.hasHello()) {
            out.println("ClientHello from " + from + " (" + e.raw().length + " bytes)");
            HelloText.lines(e.hello()).forEach(out::println);
            out.flush();
        }
        if (e.problem() != null) {
            err.println("ussl-lab hello: " + from + ": " + dev.ussllab.profile.UserText.clean(e.problem()));
            err.flush();
        }
    }
}
