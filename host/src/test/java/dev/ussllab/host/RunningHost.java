package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.host.keys.PemFiles;
import dev.ussllab.host.keys.SelfSignedCertificate;
import dev.ussllab.host.keys.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A host on 127.0.0.1, a free port and fresh key files in a folder, collecting its records. */
public final class RunningHost implements AutoCloseable {

    public final Path dir;
    public final Path key;
    public final Path cert;
    public final UpperCaseServer server;
    private final BlockingQueue<ConnectionRecord> records = new LinkedBlockingQueue<>();

    public RunningHost(Path dir, CipherPolicy policy) {
        this(dir, new HostOptions().policy(policy));
    }

    public RunningHost(Path dir, HostOptions options) {
        this.dir = dir;
        this.key = dir.resolve("key.pem");
        this.cert = dir.resolve("cert.pem");
        // The fixed 2048-bit test key (no key generation per test), a certificate valid from now.
        PemFiles.write(SelfSignedCertificate.builder().keyPair(TestKeys.fixedKeyPair()).build(), key, cert, true);
        ConnectionListener outer = options.listener();
        options.port(0).listener(r -> {
            records.add(r);
            outer.connectionEnded(r);
        });
        if (options.timeout().equals(HostOptions.DEFAULT_TIMEOUT)) {
            options.timeout(Duration.ofSeconds(5));
        }
        this.server = UpperCaseServer.start(KeyMaterial.load(key, cert), options);
    }

    public int port() {
        return server.port();
    }

    public String portString() {
        return Integer.toString(server.port());
    }

    /** The next connection's record; fails after 10 s. */
    public ConnectionRecord next() throws InterruptedException {
        ConnectionRecord r = records.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no connection record within 10 s");
        return r;
    }

    @Override
    public void close() {
        server.close();
    }
}
