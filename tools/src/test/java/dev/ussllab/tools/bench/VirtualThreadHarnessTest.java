package dev.ussllab.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual-thread experiment harness of .ci/bench-vthreads (tools/src/bench) is compiled outside
 * Maven, by a Java 21+ javac, against the host's internal classes: this compiles it against this
 * build's classes so an API change shows here rather than on the next benchmark run. Skipped where
 * no Java 21+ JDK is found (JAVA25_HOME, else Temurin 25 where this machine kind has it).
 */
class VirtualThreadHarnessTest {

    @TempDir
    Path out;

    @Test
    void theHarnessCompilesAgainstThisBuild() throws Exception {
        String home = System.getenv().getOrDefault("JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64");
        Path javac = Path.of(home, "bin", "javac");
        assumeTrue(Files.isExecutable(javac), "no Java 21+ javac at " + javac + " (set JAVA25_HOME)");
        Path source = Path.of("src", "bench", "dev", "ussllab", "bench", "VirtualThreadHost.java");
        assertEquals(true, Files.isRegularFile(source), "the harness is at tools/" + source);
        Process p = new ProcessBuilder(javac.toString(), "--release", "21", "-nowarn", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "javac did not finish in 2 minutes");
        assertEquals(0, p.exitValue(), "the harness no longer compiles against this build:\n" + said);
        assertEquals(true, Files.isRegularFile(out.resolve("dev/ussllab/bench/VirtualThreadHost.class")));
    }
}
