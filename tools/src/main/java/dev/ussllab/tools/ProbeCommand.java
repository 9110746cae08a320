package dev.ussllab.tools;

import dev.ussllab.device.probe.ProbeJson;
import dev.ussllab.device.probe.ProbeReport;
import dev.ussllab.device.probe.ProbeText;
import dev.ussllab.device.probe.ServerProbe;
import dev.ussllab.profile.LabException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Will the board connect to this server, and if not, why and what to change. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Say whether the emulated ESP8266 (MicroPython ussl, axTLS) can talk to a real server, and why not:",
            "TLS versions, the board's four suites, the suite picked for its exact ClientHello, the certificate chain",
            "against the board's record buffer, a client-certificate request, SNI, then the verdict (the line the board",
            "prints, as `device` prints it), the reason and the fix. Exit 0: the board connects; 1: it does not;",
            "2: bad usage or nothing listens there."})
public final class ProbeCommand implements Callable<Integer> {

    /** HTTPS's port, when HOST comes without one. */
    static final int DEFAULT_PORT = 443;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "the server (port 443 if none; [::1]:8443 for IPv6)")
    String server;

    @Option(names = "--server-hostname", paramLabel = "NAME",
            description = "server_hostname for the board's wrap_socket (sent as SNI), and the name the SNI check compares"
                    + " (default: none for the board, HOST compared when it is a name)")
    String serverHostname;

    @Option(names = "--client-key", paramLabel = "FILE", description = "judge as a board holding this PKCS#1 RSA key (PEM or DER)")
    Path clientKey;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "and this certificate (PEM or DER)")
    Path clientCert;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "connect and read timeout per handshake (default: ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Option(names = "--json", description = "print the report as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        String[] hp = hostPort(server);
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw LabException.badInput("--timeout " + timeoutSeconds + " is out of range", "use 0.1 to 3600 seconds");
        }
        var credentials = DeviceCommand.credentials(clientKey, clientCert);
        ProbeReport r = ServerProbe.run(hp[0], Integer.parseInt(hp[1]), serverHostname,
                Duration.ofMillis(Math.round(timeoutSeconds * 1000)), credentials);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ProbeJson.render(r));
        } else {
            ProbeText.render(r).forEach(out::println);
        }
        out.flush();
        return r.verdict().connects() ? UsslLab.EXIT_OK : UsslLab.EXIT_FAILURE;
    }

    /** "host", "host:443", "1.2.3.4:8883", "[::1]:8443", "::1" (a bare IPv6 address, port 443). */
    static String[] hostPort(String text) {
        String host = text;
        String port = String.valueOf(DEFAULT_PORT);
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw LabException.badInput("'" + text + "' is not HOST[:PORT]: no closing ]", "e.g. [::1]:8443");
            }
            host = text.substring(1, end);
            String rest = text.substring(end + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw LabException.badInput("'" + text + "' is not HOST[:PORT]", "e.g. [::1]:8443");
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw LabException.badInput("'" + text + "' names no host", "e.g. broker.example.com:8883");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw LabException.badInput("'" + text + "': '" + port + "' is not a port", "e.g. example.com:8443");
        }
        if (p < 1 || p > 65535) {
            throw LabException.badInput("'" + text + "': port " + p + " is out of range", "use 1-65535");
        }
        return new String[] {host, String.valueOf(p)};
    }
}
