package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.tools.Cli;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Inputs that once broke decrypt (found by DecryptFuzzTest or reported in an issue), replayed on
 * every build: each ends in a report or a one-line error with exit 0, 1 or 2, never an internal error.
 */
class DecryptFuzzRegressionsTest {

    @Test
    void everyKeptInputEndsInAReportOrOneLine() throws Exception {
        List<Path> inputs;
        try (Stream<Path> s = Files.list(folder())) {
            inputs = s.sorted().toList();
        }
        assertFalse(inputs.isEmpty());
        for (Path input : inputs) {
            Cli r = Cli.run("decrypt", input.toString());
            List<String> errors = r.err.lines().filter(l -> !l.startsWith("warning: ")).toList();
            assertTrue(r.exitCode <= 2 && errors.size() <= 1, input.getFileName() + ": " + r);
            assertFalse(r.err.contains("internal error") || r.err.contains("Exception"), input.getFileName() + ": " + r);
        }
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(DecryptFuzzRegressionsTest.class.getResource("fuzz-regressions").toURI());
    }
}
