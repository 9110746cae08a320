package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The emulated board's conformance suite, in the manner of MicroPython's tests/basics: each
 * conformance/NAME.py is a small program of what real board programs use, NAME.exp the output
 * MicroPython prints for it (written from MicroPython's documentation, checked by hand). One board
 * runs them all in turn, as programs sent one after another over the raw REPL.
 */
class ConformanceTest {

    private static Path tmp;
    private static UpyBoard board;

    @BeforeAll
    static void boot() throws Exception {
        tmp = Files.createTempDirectory("upy-conformance");
        board = new UpyBoard(tmp.resolve("fs"));
    }

    @AfterAll
    static void off() throws Exception {
        board.close();
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @TestFactory
    Stream<DynamicTest> eachProgramPrintsWhatMicroPythonPrints() throws Exception {
        Path dir = conformanceDir();
        List<Path> programs;
        try (Stream<Path> s = Files.list(dir)) {
            programs = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
        return programs.stream().map(py -> DynamicTest.dynamicTest(py.getFileName().toString(), () -> {
            String expected = Files.readString(Path.of(py.toString().replaceAll("\\.py$", ".exp")), StandardCharsets.UTF_8);
            assertEquals(expected, board.run(Files.readString(py, StandardCharsets.UTF_8)));
        }));
    }

    private static Path conformanceDir() throws URISyntaxException {
        return Path.of(ConformanceTest.class.getResource("conformance").toURI());
    }
}
