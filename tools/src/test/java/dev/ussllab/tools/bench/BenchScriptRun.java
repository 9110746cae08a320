package dev.ussllab.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ussllab.testsupport.Peers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short version of every comparison (.ci/bench --short --no-micro: fleet against host, openssl
 * s_server and nginx; RSA ceiling; idle boards; fleet holding boards; start-up) for -Plong, so a
 * regression shows in CI output; the JMH micro-benchmarks are MicroBenchmarksRun's. Prints the
 * table; asserts only that it was produced. Needs the jar a previous `mvn package` built (CI's first
 * step). About 2.5 minutes on 2 idle cores, 8 on a heavily loaded pair; stopped after
 * {@code bench.minutes} (default 10) so the long profile stays bounded.
 */
@Tag("long")
class BenchScriptRun {

    static final int MINUTES = Integer.getInteger("bench.minutes", 10);

    @Test
    void printsTheTable() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        assumeTrue(Files.isRegularFile(repo.resolve("tools/target/ussl-lab.jar")), "tools/target/ussl-lab.jar not built yet (mvn package first)");
        Peers.require("nginx");
        Peers.require("hyperfine");
        Process p = new ProcessBuilder("bash", repo.resolve(".ci/bench").toString(), "--short", "--no-micro")
                .directory(repo.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(collected);
            } catch (IOException gone) {
                // the script ended
            }
        }, "bench-output");
        reader.start();
        boolean finished = p.waitFor(MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            p.destroy(); // SIGTERM: the script's trap stops its servers and removes its folder
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        reader.join(10_000);
        String out = collected.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(finished, ".ci/bench --short did not finish in " + MINUTES + " minutes (-Dbench.minutes=N)");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("figure") && out.contains("handshakes/s, 128 boards: host vs nginx 2 workers"), out);
        assertFalse(out.contains("JMH "), "--no-micro leaves the micro-benchmarks to MicroBenchmarksRun");
    }
}
