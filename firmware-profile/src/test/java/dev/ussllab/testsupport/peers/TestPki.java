package dev.ussllab.testsupport.peers;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test keys and certificates made by the real openssl, as the seed article makes them. */
public final class TestPki {

    private TestPki() {}

    /** A key and a self-signed certificate: {@code <name>.key} and {@code <name>.pem} in dir. */
    public record KeyPair(Path key, Path cert) {}

    /**
     * {@code openssl req -x509 -newkey rsa:<bits> -nodes -days 2 -subj <subject> [extra]}.
     */
    public static KeyPair selfSigned(Path dir, String name, int bits, String subject, String... extra)
            throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        List<String> cmd = new ArrayList<>(List.of(Peers.require("openssl"), "req", "-x509",
                "-newkey", "rsa:" + bits, "-nodes", "-days", "2", "-subj", subject,
                "-keyout", key.toString(), "-out", cert.toString()));
        cmd.addAll(List.of(extra));
        run(cmd);
        return new KeyPair(key, cert);
    }

    /** Runs a short command and fails with its output if it does not exit 0 within 30 s. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }
}
