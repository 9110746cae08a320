package dev.ussllab.testsupport.peers;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed's sslclient.py (resource peers/seed_client.py, the one copy every module's tests use)
 * run once on python3. Options are the script's: {@code --message TEXT}, {@code --default-context}
 * (Python's default client instead of the seed's kRSA one), {@code --show-session}.
 */
public final class SeedClient {

    private SeedClient() {}

    /** Exit code and what the script printed on stdout and stderr. */
    public record Run(int exitCode, String out, String err) {

        /** stdout then stderr, for tests that do not care which. */
        public String output() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static Run run(Path dir, String host, int port, Path cafile, String... options)
            throws IOException, InterruptedException {
        Path script = dir.resolve("seed_client.py");
        try (InputStream in = SeedClient.class.getResourceAsStream("/peers/seed_client.py")) {
            if (in == null) {
                throw new IOException("test resource /peers/seed_client.py is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(Peers.require("python3"), script.toString(), host, "" + port,
                cafile.toString()));
        cmd.addAll(List.of(options));
        // Files rather than pipes: nothing to drain while waiting, and the output survives a kill.
        Path out = Files.createTempFile(dir, "seed-client", ".out");
        Path err = Files.createTempFile(dir, "seed-client", ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new IOException("seed_client.py did not finish within 20 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
