package dev.ussllab.testsupport.peers;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The seed's sslserver.py (resource peers/seed_server.py, the one copy every module's tests use)
 * on python3: upper-cases one message per connection and closes. Without ciphers it is the seed's
 * default context (python.org builds from 3.10 on refuse RSA key exchange; Debian's python3, on the
 * system OpenSSL cipher list, still accepts it); with "DEFAULT:kRSA" it accepts the
 * ESP8266 and the seed's client.
 */
public final class SeedServer implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("^PORT (\\d+)$");

    private final PeerProcess process;
    private final int port;

    private SeedServer(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param ciphers an OpenSSL cipher string for set_ciphers, or null for the default context */
    public static SeedServer start(Path dir, TestPki.KeyPair keys, String ciphers) throws Exception {
        return start(dir, keys, ciphers, 0, false);
    }

    /**
     * @param port the port to listen on, 0 for any free one
     * @param once serve one connection and exit, as the seed does with handle_request()
     */
    public static SeedServer start(Path dir, TestPki.KeyPair keys, String ciphers, int port, boolean once)
            throws Exception {
        Path script = dir.resolve("seed_server.py");
        try (InputStream in = SeedServer.class.getResourceAsStream("/peers/seed_server.py")) {
            if (in == null) {
                throw new IOException("test resource /peers/seed_server.py is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(Peers.require("python3"), "-u", script.toString(),
                Integer.toString(port), keys.cert().toString(), keys.key().toString()));
        if (ciphers != null) {
            cmd.add("--ciphers");
            cmd.add(ciphers);
        }
        if (once) {
            cmd.add("--once");
        }
        PeerProcess p = PeerProcess.start(dir, cmd);
        try {
            return new SeedServer(p, Integer.parseInt(p.await(PORT, 10_000).group(1)));
        } catch (Throwable t) {
            p.close();
            throw t;
        }
    }

    public int port() {
        return port;
    }

    public String output() {
        return process.output();
    }

    /** For a server started with once: whether it has served its connection and exited in time. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
