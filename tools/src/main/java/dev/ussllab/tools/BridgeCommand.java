package dev.ussllab.tools;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.bridge.Bridge;
import dev.ussllab.host.bridge.BridgeOptions;
import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.host.hello.HostPort;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** ussl-lab bridge: a TLS terminator that gets a board to a server it cannot talk to itself. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = {"Relay boards to a real server: the board connects here with its TLS_RSA suites (the host's"
                + " key.pem/cert.pem), and each session goes on to --upstream over TLS 1.3/1.2 with forward secrecy,"
                + " SNI and certificate verification. One log line per session: board, upstream, both legs' suites,"
                + " bytes each way, duration, outcome. Stop with Ctrl-C."})
public final class BridgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT",
            description = "Where boards connect: an address of this machine, e.g. 0.0.0.0:8883 for boards on the LAN.")
    String listen;

    @Option(names = "--upstream", required = true, paramLabel = "HOST:PORT", description = "The real server.")
    String upstream;

    @Option(names = "--upstream-sni", paramLabel = "NAME",
            description = "Server name sent as SNI and required in the upstream certificate (default: the --upstream host).")
    String sni;

    static final class Trust {
        @Option(names = "--cafile", paramLabel = "FILE", description = "Trust only the CA certificate(s) in this PEM file (default: the system trust store).")
        Path cafile;

        @Option(names = "--insecure-upstream", description = "Do not verify the upstream certificate (prints a warning).")
        boolean insecure;
    }

    @ArgGroup(exclusive = true)
    Trust trust = new Trust();

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "key.pem", description = "Board side private key, PEM (default: ${DEFAULT-VALUE}).")
    Path key;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "cert.pem", description = "Board side certificate (chain), PEM (default: ${DEFAULT-VALUE}).")
    Path cert;

    @Option(names = "--client-key", paramLabel = "FILE", description = "Key for the client certificate the upstream asks for (with --client-cert).")
    Path clientKey;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "Client certificate (chain), PEM, shown to an upstream that asks for one.")
    Path clientCert;

    @Option(names = "--capture", paramLabel = "DIR|FILE",
            description = "Record both legs of every session to one pcapng with both legs' secrets (tshark decrypts both with no settings).")
    Path capture;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append both legs' secrets (NSS key log, mode 0600); default: $SSLKEYLOGFILE if set.")
    Path keylog;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "10",
            description = "Seconds from accept until both handshakes are done (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--idle", paramLabel = "S", defaultValue = "90",
            description = "Seconds a session may pass with no byte either way (default: ${DEFAULT-VALUE}, MQTT's 60 s keep-alive and a half).")
    double idleSeconds;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "256", description = "Sessions relayed at once (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N sessions (default: run until Ctrl-C).")
    int count;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw LabException.badInput("--count " + count + " is negative", "give 0 (run until Ctrl-C) or more");
        }
        if ((clientKey == null) != (clientCert == null)) {
            throw LabException.badInput(clientKey == null ? "--client-cert needs --client-key" : "--client-key needs --client-cert",
                    "give both, the key and the certificate the upstream should see");
        }
        BridgeOptions options = new BridgeOptions()
                .listen(HostPort.listen(listen, "--listen"))
                .upstream(hostOf(upstream), HostPort.connect(upstream, "--upstream"))
                .sni(sni)
                .timeout(seconds(timeoutSeconds, "--timeout"))
                .idle(seconds(idleSeconds, "--idle"))
                .maxSessions(maxSessions);
        options.trust(trust.insecure ? UpstreamTrust.insecure()
                : trust.cafile != null ? UpstreamTrust.fromCaFile(trust.cafile) : UpstreamTrust.system());
        options.boardKeys(KeyMaterial.load(key, cert));
        if (clientKey != null) {
            options.clientKeys(KeyMaterial.load(clientKey, clientCert));
        }
        KeyLogSink keyLog = KeyLogFile.fromOptionOrEnvironment(keylog);
        options.keyLog(keyLog);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger sessions = new AtomicInteger();
        CaptureFile captureFile = capture == null ? null : CaptureFile.open(capture);
        options.capture(captureFile);
        options.listener(r -> {
            out.println(r.logLine());
            out.flush();
            boolean lost = captureFile != null && captureFile.failure() != null
                    || keyLog instanceof KeyLogFile f && f.failure() != null;
            if (lost || count > 0 && sessions.incrementAndGet() >= count) {
                done.countDown();
            }
        });
        Bridge bridge;
        try {
            bridge = Bridge.start(options);
        } catch (RuntimeException e) {
            if (captureFile != null) {
                captureFile.close();
            }
            closeKeyLog(keyLog);
            throw e;
        }
        Thread hook = new Thread(() -> {
            done.countDown();
            try {
                closed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("bridging " + ConnectionRecord.hostPort(bridge.address()) + " -> " + upstream
                    + (sni != null ? " (SNI " + sni + ")" : "")
                    + "; upstream verified against " + options.trust().source()
                    + (clientKey != null ? "; client certificate " + clientCert : "")
                    + "; board side key " + key + ", cert " + cert
                    + (keyLog instanceof KeyLogFile f ? "; key log " + f.path() : "")
                    + (captureFile != null ? "; capturing to " + captureFile.path() : "")
                    + (count > 0 ? "; stops after " + count + " session(s)" : "; Ctrl-C stops"));
            out.println("warning: the board side accepts RSA key exchange (what the ESP8266 speaks): anyone with "
                    + key + " can decrypt a capture of it");
            if (!options.trust().verifies()) {
                out.println("warning: --insecure-upstream: the upstream's certificate is not checked; anyone on the path"
                        + " can pose as " + upstream);
            }
            out.flush();
            done.await();
        } finally {
            bridge.close();
            if (captureFile != null) {
                captureFile.close();
                out.println(captureFile.sessions() + " leg(s) captured in " + captureFile.path());
            }
            out.println("stopped");
            out.flush();
            closeKeyLog(keyLog);
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and ends as soon as closed counts down
            }
        }
        if (captureFile != null && captureFile.failure() != null) {
            throw captureFile.failure();
        }
        KeyLogFile.throwIfFailed(keyLog);
        return UsslLab.EXIT_OK;
    }

    private static void closeKeyLog(KeyLogSink keyLog) {
        if (keyLog instanceof KeyLogFile f) {
            DeviceCommand.closeQuietly(f);
        }
    }

    /** The host as typed in HOST:PORT (brackets of an IPv6 literal removed): SNI and the name checked. */
    static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Duration seconds(double s, String option) {
        if (!(s > 0) || s > 86_400) {
            throw LabException.badInput(option + " " + s + " is out of range", "give 0.1 to 86400 seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
