package dev.ussllab.tools.hello;

import dev.ussllab.device.tls.ExchangeResult;
import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.device.tls.ServerTarget;
import dev.ussllab.device.tls.TrustedCertificates;
import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.hello.HelloEvent;
import dev.ussllab.host.hello.HelloListener;
import dev.ussllab.host.hello.ServerAnswer;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.host.keys.PemFiles;
import dev.ussllab.host.keys.SelfSignedCertificate;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloEncoder;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import dev.ussllab.tools.hello.HelloColumn.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the comparison on loopback: each built-in client once against a hello listener (its exact
 * ClientHello) and once against the upper-case host under each policy (what it negotiates);
 * captured or given hellos are replayed to the same hosts and their ServerHello read.
 */
final class CompareRun {

    /** Every client and replay is against loopback: a second is plenty, ten is generous. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String MESSAGE = "hello from compare";
    private static final CipherPolicy[] POLICIES = {CipherPolicy.KRSA, CipherPolicy.COMPAT, CipherPolicy.MODERN};

    /** A hello from outside (a capture or --hex), with a label. */
    record External(String name, String source, ClientHello hello) {}

    private CompareRun() {}

    static List<HelloColumn> run(List<TlsClientProfile> profiles, List<External> external, String serverHostname) {
        LoopbackKeys keys = LoopbackKeys.get();
        Map<String, ClientHello> hellos = capture(profiles, keys.trusted, serverHostname);
        Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
        for (CipherPolicy policy : POLICIES) {
            try (UpperCaseServer host = UpperCaseServer.start(keys.material,
                    new HostOptions().bind(InetAddress.getLoopbackAddress()).port(0).policy(policy))) {
                for (TlsClientProfile p : profiles) {
                    ExchangeResult r = SeedExchange.run(p, target(host.port(), serverHostname), MESSAGE,
                            keys.trusted, KeyLogSink.NONE);
                    outcomes.computeIfAbsent(p.name(), k -> new LinkedHashMap<>()).put(policy.cliName(), outcome(r));
                }
                for (External e : external) {
                    outcomes.computeIfAbsent(e.name(), k -> new LinkedHashMap<>())
                            .put(policy.cliName(), replay(host.address(), e.hello()));
                }
            }
        }
        List<HelloColumn> columns = new ArrayList<>();
        for (TlsClientProfile p : profiles) {
            columns.add(new HelloColumn(p.name(), "built-in client", hellos.get(p.name()), outcomes.get(p.name())));
        }
        for (External e : external) {
            columns.add(new HelloColumn(e.name(), e.source(), e.hello(), outcomes.get(e.name())));
        }
        return columns;
    }

    /** One profile's ClientHello with the given SNI (null: none), for --check. */
    static ClientHello emulate(TlsClientProfile profile, String serverHostname) {
        // The listener refuses before any certificate is sent, so a client that verifies nothing
        // (the ESP8266) needs no loopback key: --check of a board's capture skips the RSA key generation.
        TrustedCertificates trusted = profile.verification() == Verification.CAFILE ? LoopbackKeys.get().trusted : null;
        return capture(List.of(profile), trusted, serverHostname).get(profile.name());
    }

    /**
     * A throwaway key and certificate for the loopback host, made once per process: an RSA-2048
     * key takes 0.1-1.5 s to generate, far more than all the handshakes of a comparison.
     */
    private static final class LoopbackKeys {
        private static LoopbackKeys instance;
        final KeyMaterial material;
        final TrustedCertificates trusted;

        private LoopbackKeys(KeyMaterial material, TrustedCertificates trusted) {
            this.material = material;
            this.trusted = trusted;
        }

        static synchronized LoopbackKeys get() {
            if (instance == null) {
                Path dir = null;
                try {
                    dir = Files.createTempDirectory("ussl-lab-compare");
                    Path key = dir.resolve("key.pem");
                    Path cert = dir.resolve("cert.pem");
                    PemFiles.write(SelfSignedCertificate.builder().build(), key, cert, false);
                    instance = new LoopbackKeys(KeyMaterial.load(key, cert), TrustedCertificates.load(cert));
                } catch (IOException e) {
                    throw new LabException(LabException.Kind.FAILURE, "compare could not write its temporary key: "
                            + e.getMessage(), "check that the temporary folder is writable", e);
                } finally {
                    deleteQuietly(dir);
                }
            }
            return instance;
        }
    }

    /** Each built-in client's ClientHello, exactly as it went on the wire. */
    static Map<String, ClientHello> capture(List<TlsClientProfile> profiles, TrustedCertificates trusted,
            String serverHostname) {
        Map<String, ClientHello> out = new LinkedHashMap<>();
        BlockingQueue<HelloEvent> events = new LinkedBlockingQueue<>();
        try (HelloListener listener = HelloListener.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            Thread serving = new Thread(() -> listener.serve(0, events::add), "compare-hello");
            serving.setDaemon(true);
            serving.start();
            for (TlsClientProfile p : profiles) {
                SeedExchange.run(p, target(listener.address().getPort(), serverHostname), MESSAGE, trusted,
                        KeyLogSink.NONE); // refused with handshake_failure, as intended
                HelloEvent e = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (e == null || !e.hasHello()) {
                    throw LabException.failure("client " + p.name() + " sent no ClientHello to the internal listener"
                            + (e == null ? "" : ": " + e.problem()), "run with USSL_LAB_VERBOSE=1 and report it");
                }
                out.put(p.name(), e.hello());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.failure("compare was interrupted", null);
        }
        return out;
    }

    private static ServerTarget target(int port, String serverHostname) {
        return new ServerTarget("127.0.0.1", port, serverHostname, TIMEOUT);
    }

    private static Outcome outcome(ExchangeResult r) {
        if (r.protocol() != null && r.cipherSuite() != null) {
            int code = CipherSuiteInfo.all().stream().filter(s -> s.ianaName().equals(r.cipherSuite()))
                    .mapToInt(CipherSuiteInfo::code).findFirst().orElse(0xFFFF);
            return new Outcome(r.protocol(), code, r.ok() ? null : r.error().plainWords(), false);
        }
        return new Outcome(null, -1, r.error() == null ? "no handshake" : r.error().plainWords(), false);
    }

    private static Outcome replay(InetSocketAddress host, ClientHello hello) {
        try {
            ServerAnswer a = ServerAnswer.probe(host, ClientHelloEncoder.record(hello), (int) TIMEOUT.toMillis());
            if (!a.accepted()) {
                return new Outcome(null, -1, "the server answered alert " + a.alert() + alertName(a.alert()), true);
            }
            String protocol = a.version() == 0x0304 ? "TLSv1.3" : a.version() == 0x0303 ? "TLSv1.2"
                    : String.format("0x%04x", a.version());
            return new Outcome(protocol, a.suite(), a.helloRetry() ? "HelloRetryRequest (other key share)" : null, true);
        } catch (IOException e) {
            return new Outcome(null, -1, "no ServerHello: " + e.getMessage(), true);
        }
    }

    private static String alertName(int alert) {
        return switch (alert) { // RFC 8446 section 6
            case 40 -> " (handshake_failure)";
            case 47 -> " (illegal_parameter)";
            case 50 -> " (decode_error)";
            case 70 -> " (protocol_version)";
            case 71 -> " (insufficient_security)";
            case 80 -> " (internal_error)";
            default -> "";
        };
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }
}
