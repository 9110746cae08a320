package dev.ussllab.tools;

import dev.ussllab.device.tls.ExchangeResult;
import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.device.tls.ServerTarget;
import dev.ussllab.device.tls.TrustedCertificates;
import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.host.keys.PemFiles;
import dev.ussllab.host.keys.SelfSignedCertificate;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * ussl-lab demo: the seed's whole workflow in one command, on loopback. Keys (made once), the
 * host, then the emulated ESP8266 and the two desktop clients, each with what the host saw.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole seed workflow on this machine: create key.pem and cert.pem (once), start the"
                + " host on 127.0.0.1, and connect the emulated ESP8266, the seed's Python client (python-krsa)"
                + " and the JDK's default client. Prints for each what it sent and received, the suites the host"
                + " saw offered, what was negotiated, and whether key.pem alone decrypts the session.")
public final class DemoCommand implements Callable<Integer> {

    /** The clients of the demo, in the order the story is told: the board, the seed client, a modern one. */
    static final List<String> CLIENTS = List.of(Profiles.ESP8266, Profiles.PYTHON_KRSA, Profiles.JAVA_DEFAULT);
    /** Every exchange here is loopback: anything slower than this is a hang, not a slow board. */
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(10);
    /** The host's record follows the client's close by a few milliseconds (it closes first). */
    private static final long RECORD_WAIT_SECONDS = 5;
    private static final int WRAP = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "ussl-lab-work",
            description = "Working folder for key.pem and cert.pem, created if absent (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + HostOptions.DEFAULT_PORT,
            description = "Host port; a free one is used if it is taken (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--message", paramLabel = "TEXT", defaultValue = ExchangeOptions.SEED_MESSAGE,
            description = "What each client sends (default: ${DEFAULT-VALUE}).")
    String message;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        if (message.contains("\n")) {
            throw LabException.badInput("--message contains a newline", "the newline that ends the message is added for you");
        }
        KeyMaterial keys = ensureKeys(out);
        BlockingQueue<ConnectionRecord> records = new LinkedBlockingQueue<>();
        DemoCapture capture = DemoCapture.open(dir);
        HostOptions options = new HostOptions().bind(InetAddress.getLoopbackAddress()).policy(CipherPolicy.COMPAT)
                .listener(records::add).observers(capture.writer()).keyLog(capture.keyLogSink());
        int ok = 0;
        java.util.Map<String, Integer> clientPorts = new java.util.LinkedHashMap<>();
        try (capture; UpperCaseServer host = startHost(keys, options, out)) {
            TrustedCertificates trusted = TrustedCertificates.load(keys.certFile());
            for (String name : CLIENTS) {
                TlsClientProfile profile = Profiles.byName(name);
                ServerTarget target = new ServerTarget("127.0.0.1", host.port(), null, EXCHANGE_TIMEOUT);
                ExchangeResult result = SeedExchange.run(profile, target, message, trusted, KeyLogSink.NONE);
                ConnectionRecord seen = records.poll(RECORD_WAIT_SECONDS, TimeUnit.SECONDS);
                report(out, profile, result, seen);
                if (seen != null) {
                    clientPorts.put(profile.name(), seen.client().getPort());
                }
                ok += result.ok() ? 1 : 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.failure("demo interrupted", null);
        }
        capture.reportDecryption(out, keys.keyFile(), clientPorts);
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println();
        out.println(ok + " of " + CLIENTS.size() + " clients exchanged their message in " + ms + " ms; key and certificate in " + dir);
        out.flush();
        if (ok < CLIENTS.size()) {
            throw LabException.failure((CLIENTS.size() - ok) + " of " + CLIENTS.size() + " demo clients failed (see above)",
                    "run the failing client alone: ussl-lab device / ussl-lab client --profile NAME");
        }
        return UsslLab.EXIT_OK;
    }

    /** key.pem and cert.pem in the working folder: made when both are absent, else loaded and checked. */
    private KeyMaterial ensureKeys(PrintWriter out) {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw LabException.badInput("working folder " + dir + " is a file", "give --dir a folder (it is created if absent)");
        }
        boolean haveKey = Files.exists(key);
        boolean haveCert = Files.exists(cert);
        if (!haveKey && !haveCert) {
            // 0700: the folder will hold key.pem, the key log and captures with their secrets.
            dev.ussllab.host.capture.CaptureFile.makePrivateFolders(dir.toAbsolutePath());
            PemFiles.write(SelfSignedCertificate.builder().build(), key, cert, false);
            out.println("created " + key + " (RSA 2048, mode 0600) and " + cert + " (CN=localhost, 127.0.0.1)");
        } else if (haveKey != haveCert) {
            throw LabException.badInput("working folder " + dir + " has " + (haveKey ? key : cert) + " but not "
                    + (haveKey ? cert : key), "remove it so both are made afresh, or run ussl-lab keygen --out-dir " + dir + " --force");
        } else {
            out.println("using " + key + " and " + cert);
        }
        return KeyMaterial.load(key, cert);
    }

    /** The host on loopback: the asked port, or any free one when that is taken (a host already running). */
    private UpperCaseServer startHost(KeyMaterial keys, HostOptions options, PrintWriter out) {
        UpperCaseServer host;
        try {
            host = UpperCaseServer.start(keys, options.port(port));
        } catch (LabException e) {
            if (!e.getMessage().contains("already in use")) {
                throw e;
            }
            host = UpperCaseServer.start(keys, options.port(0));
            out.println("port " + port + " is taken; using " + host.port());
        }
        out.println("host listening on 127.0.0.1:" + host.port() + ", policy compat (forward secret preferred, RSA key exchange accepted)");
        out.println(CipherPolicy.COMPAT.warning());
        out.flush();
        return host;
    }

    private static void report(PrintWriter out, TlsClientProfile profile, ExchangeResult r, ConnectionRecord seen) {
        out.println();
        out.println("== " + profile.name() + ": " + profile.description());
        for (String line : r.seedLines()) {
            out.println(line);
        }
        if (seen == null) {
            out.println("host saw: no connection record (the client never reached the host)");
            out.flush();
            return;
        }
        wrapped(out, "offered " + seen.offeredSuites().size() + " suites: ",
                seen.offeredSuites().stream().map(CipherSuiteInfo::name).toList());
        if (seen.ja3() != null) {
            out.println("JA3: " + seen.ja3() + " (" + seen.ja3Text() + ")");
        }
        if (seen.protocol() != null) {
            out.println("negotiated: " + seen.protocol() + " " + seen.cipherSuiteName());
            out.println("verdict: " + (CipherSuiteInfo.isRsaKeyExchange(seen.cipherSuite())
                    ? "RSA key exchange: a capture is decryptable with key.pem alone"
                    : "forward secret: key.pem alone cannot decrypt a capture (it needs this session's key log)"));
        } else {
            out.println("negotiated: nothing (" + seen.outcome().name().toLowerCase() + ": " + seen.detail() + ")");
        }
        out.flush();
    }

    /** Suite names on as many lines as needed, each under WRAP characters, continuation indented. */
    private static void wrapped(PrintWriter out, String head, List<String> items) {
        StringBuilder line = new StringBuilder(head);
        String indent = " ".repeat(head.length());
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : "");
            if (line.length() + item.length() + 1 > WRAP && line.length() > indent.length()) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder(indent);
            }
            line.append(item).append(' ');
        }
        out.println(line.toString().stripTrailing());
    }
}
