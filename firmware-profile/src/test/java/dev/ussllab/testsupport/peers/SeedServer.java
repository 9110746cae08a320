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
 * The seed's sslserver.py (resource peers/seed_server.py) on python3: upper-cases one message per
 * connection and closes. Without ciphers it is the seed's default context (Python 3.10+ refuses
 * RSA key exchange); with "DEFAULT:kRSA" it accepts the ESP8266.
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
        Path script = dir.resolve("seed_server.py");
        try (InputStream in = SeedServer.class.getResourceAsStream("/peers/seed_server.py")) {
            if (in == null) {
                throw new IOException("test resource /peers/seed_server.py is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(Peers.require("python3"), "-u", script.toString(), "0",
                keys.cert().toString(), keys.key().toString()));
        if (ciphers != null) {
            cmd.add("--ciphers");
            cmd.add(ciphers);
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

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
