package dev.ussllab.testsupport.peers;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** The seed's sslclient.py (resource peers/seed_client.py) run once on python3. */
public final class SeedClient {

    private SeedClient() {}

    /** Exit code and merged output of one run. */
    public record Run(int exitCode, String output) {}

    public static Run run(Path dir, String host, int port, Path cafile) throws IOException, InterruptedException {
        Path script = dir.resolve("seed_client.py");
        try (InputStream in = SeedClient.class.getResourceAsStream("/peers/seed_client.py")) {
            if (in == null) {
                throw new IOException("test resource /peers/seed_client.py is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(Peers.require("python3"), script.toString(), host, "" + port, cafile.toString())
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new IOException("seed_client.py did not finish within 20 s");
            }
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
