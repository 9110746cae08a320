package dev.ussllab.tools;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionListener;
import dev.ussllab.host.LogThrottle;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.LocalAddresses;
import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.host.capture.SessionCaptureWriter;
import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.keys.ClientCertificates;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** ussl-lab host: the seed's sslserver.py, done right. Runs until Ctrl-C (or --count connections). */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Run the upper-case TLS host (the seed's sslserver.py): read one message per connection,"
                + " answer it upper-cased, close. One log line per connection: client, protocol, suite, suites"
                + " offered, SNI, JA3, bytes each way, outcome. Stop with Ctrl-C."})
public final class HostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Where {
        @Option(names = "--bind", paramLabel = "ADDR", description = "Local address to listen on (default: 127.0.0.1).")
        String bind;

        @Option(names = "--interface", paramLabel = "NAME", description = "Listen on this interface's IPv4 address (e.g. the Wi-Fi access point's).")
        String iface;
    }

    @ArgGroup(exclusive = true)
    Where where = new Where();

    @Option(names = "--port", paramLabel = "N", defaultValue = "12345", description = "TCP port (default: ${DEFAULT-VALUE}, as the seed).")
    int port;

    @Option(names = "--policy", paramLabel = "krsa|compat|modern", defaultValue = "compat",
            description = "krsa: TLS 1.2 RSA key exchange only (decryptable with key.pem); compat: forward secret preferred, "
                    + "RSA key exchange accepted (the ESP8266 connects); modern: forward secret only (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "key.pem", description = "Private key, PEM (default: ${DEFAULT-VALUE}).")
    Path key;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "cert.pem", description = "Certificate (chain), PEM (default: ${DEFAULT-VALUE}).")
    Path cert;

    @Option(names = "--max-message", paramLabel = "N", defaultValue = "1024", description = "Longest message read, bytes (default: ${DEFAULT-VALUE}, the seed's recv(1024)).")
    int maxMessage;

    @Option(names = "--threads", paramLabel = "N", description = "Workers doing the TLS work, the RSA operations (default: the number of cores)."
            + " Waiting on sockets needs no thread.")
    Integer threads;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "16384",
            description = "Connections open at once, idle ones included; beyond, new ones are closed and logged as busy (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "10",
            description = "Seconds from connect to the message: a client whose handshake and message are not in by then is closed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append every session's secrets (NSS key log, mode 0600) for Wireshark: decrypts the forward-secret"
                    + " sessions too; default: $SSLKEYLOGFILE if set.")
    Path keylog;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N connections (default: run until Ctrl-C).")
    int count;

    @Option(names = "--capture", paramLabel = "DIR|FILE",
            description = "Record every session to pcapng with its secrets (tshark/Wireshark decrypt it with no settings); "
                    + "a directory gets one file per run named by the time.")
    Path capture;

    @Option(names = "--require-client-cert", paramLabel = "CAFILE",
            description = "Require a client certificate signed by a CA in this PEM file; log its subject. A client with none"
                    + " or another is refused with the alert openssl s_server -Verify sends (ussl-lab keygen --ca makes a CA).")
    Path requireClientCert;

    @Override
    public Integer call() throws Exception {
        HostOptions options = new HostOptions()
                .policy(CipherPolicy.parse(policy))
                .port(port)
                .maxMessage(maxMessage)
                .threads(threads == null ? HostOptions.DEFAULT_THREADS : threads)
                .maxConnections(maxConnections)
                .timeout(Duration.ofSeconds(timeoutSeconds));
        options.bind(where.iface != null ? LocalAddresses.ofInterface(where.iface)
                : where.bind != null ? LocalAddresses.bindAddress(where.bind) : InetAddress.getLoopbackAddress());
        if (count < 0) {
            throw dev.ussllab.profile.LabException.badInput("--count " + count + " is negative", "give 0 (run until Ctrl-C) or more");
        }
        KeyMaterial keys = KeyMaterial.load(key, cert);
        if (requireClientCert != null) {
            keys = keys.requireClientCertificates(ClientCertificates.load(requireClientCert));
        }
        KeyLogSink keyLog = KeyLogFile.fromOptionOrEnvironment(keylog);
        options.keyLog(keyLog);
        PrintWriter out = spec.commandLine().getOut();
        SessionCaptureWriter captureWriter = capture == null ? null : new SessionCaptureWriter(CaptureFile.open(capture));
        if (captureWriter != null) {
            // The capture keeps each session's secrets for its own secrets block and passes them on to --keylog.
            options.observers(captureWriter);
            options.keyLog(captureWriter.keyLogSink(keyLog));
        }
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger served = new AtomicInteger();
        LogThrottle log = new LogThrottle(line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        });
        options.listener(new ConnectionListener() {
            @Override
            public void connectionEnded(ConnectionRecord r) {
                log.record(r);
                // A capture or key log that cannot be written stops the host at once (as capture does):
                // serving on while every session is lost would hide the error until Ctrl-C.
                boolean lost = captureWriter != null && captureWriter.file().failure() != null
                        || keyLog instanceof KeyLogFile f && f.failure() != null;
                if (lost || count > 0 && served.incrementAndGet() >= count) {
                    done.countDown();
                }
            }

            @Override
            public void notice(String line) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
        });
        // The host runs the quick JIT only (tools/ussl-lab): the native provider's AES, HMAC and
        // digests for the records and the PRF too, not only the RSA operation (host CPU per
        // handshake 1.36-1.45 ms -> 1.23-1.25 ms at 32 boards, tools/BENCHMARKS.md). Until the host
        // stops: the JVM may go on (tests, demo) with other TLS peers.
        RsaProvider rsa = RsaProvider.get();
        LabCrypto.preferProvider(rsa.provider(), rsa.name());
        UpperCaseServer server;
        try {
            server = UpperCaseServer.start(keys, options);
        } catch (RuntimeException e) {
            LabCrypto.preferProvider(null, null);
            if (captureWriter != null) {
                captureWriter.close();
            }
            throw e;
        }
        // Ctrl-C / SIGTERM: note which, wake the main thread and hold the JVM until it has closed the
        // server, so connections in flight finish (each by its deadline) and every file is complete
        // before the process ends with 130 / 143.
        StopSignals signals = StopSignals.install();
        Thread hook = new Thread(() -> {
            done.countDown();
            try {
                closed.await(timeoutSeconds + 5L, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "host-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("listening on " + ConnectionRecord.hostPort(server.address())
                    + " policy " + options.policy().cliName() + " (" + versions(options.policy()) + "), "
                    + server.cipherSuites().size() + " suites; key " + key + ", cert " + cert + "; RSA by " + server.rsaProvider()
                    + (requireClientCert != null ? "; client certificates from " + requireClientCert + " required" : "")
                    + (keyLog instanceof KeyLogFile f ? "; key log " + f.path() : "")
                    + (captureWriter != null ? "; capturing to " + captureWriter.file().path() : "")
                    + (count > 0 ? "; stops after " + count + " connection(s)" : "; Ctrl-C stops"));
            String warning = options.policy().warning();
            if (warning != null) {
                out.println(warning);
            }
            out.flush();
            while (!done.await(1, TimeUnit.SECONDS)) {
                log.tick();
            }
        } finally {
            server.close();
            LabCrypto.preferProvider(null, null);
            log.flush();
            String captured = "";
            if (captureWriter != null) {
                captureWriter.close();
                captured = ": " + captureWriter.file().sessions() + " session(s) captured in " + captureWriter.file().path();
            }
            signals.restore();
            // One line, whatever stopped the host.
            out.println("stopped" + signals.byWhat() + captured);
            out.flush();
            if (keyLog instanceof KeyLogFile f) {
                DeviceCommand.closeQuietly(f); // its failure is thrown below
            }
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and ends as soon as closed counts down
            }
        }
        if (captureWriter != null && captureWriter.file().failure() != null) {
            throw captureWriter.file().failure();
        }
        KeyLogFile.throwIfFailed(keyLog);
        return UsslLab.EXIT_OK;
    }

    private static String versions(CipherPolicy p) {
        return java.util.Arrays.stream(p.protocolVersions()).map(v -> v.getName().replace("TLS ", "TLSv"))
                .collect(Collectors.joining(", "));
    }
}
