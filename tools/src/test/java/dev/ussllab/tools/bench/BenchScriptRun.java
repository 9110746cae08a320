package dev.ussllab.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ussllab.testsupport.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short version of every comparison (.ci/bench --short: fleet against host, openssl s_server
 * and nginx; RSA ceiling; idle boards; fleet holding boards; start-up) for -Plong, so a regression
 * shows in CI output. Prints the table; asserts only that it was produced. Needs the jar a
 * previous `mvn package` built (CI's first step).
 */
@Tag("long")
class BenchScriptRun {

    @Test
    void printsTheTable() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        assumeTrue(Files.isRegularFile(repo.resolve("tools/target/ussl-lab.jar")), "tools/target/ussl-lab.jar not built yet (mvn package first)");
        Peers.require("nginx");
        Peers.require("hyperfine");
        Process p = new ProcessBuilder("bash", repo.resolve(".ci/bench").toString(), "--short")
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "bench did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("figure") && out.contains("handshakes/s, 128 boards: host vs nginx 2 workers"), out);
    }
}
