package dev.ussllab.device.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ussllab.device.board.RomBoardFuzzTest;
import dev.ussllab.device.flasher.FlasherFuzzTest;
import dev.ussllab.device.repl.RawReplFuzzTest;
import dev.ussllab.device.repl.ReplBoardFuzzTest;
import dev.ussllab.device.upy.ParserFuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that once broke a serial-side parser (found by the long fuzzers: FlasherFuzzTest,
 * RomBoardFuzzTest, RawReplFuzzTest, ReplBoardFuzzTest, ParserFuzzTest), replayed on every build
 * with the same check the fuzzer applies. They live in
 * {@code src/test/resources/dev/ussllab/device/fuzz/regressions/<kind>/}, one file per input, as
 * the fuzzer kept it under target/fuzz-findings.
 */
class FuzzRegressionsTest {

    @TempDir
    Path dir;

    @Test
    void everyKeptInputNowPasses() throws Exception {
        List<String> failures = new ArrayList<>();
        int replayed = 0;
        ParserFuzzTest.Vm vm = null;
        for (String kind : List.of("slip-replies", "flasher", "rom-board", "repl-host", "repl-board", "python", "python-run")) {
            for (Path p : Fuzz.regressions(kind)) {
                byte[] input = Files.readAllBytes(p);
                Callable<?> task;
                switch (kind) {
                    case "slip-replies" -> task = () -> {
                        FlasherFuzzTest.checkReplies(input);
                        return null;
                    };
                    case "flasher" -> task = () -> FlasherFuzzTest.replay(input);
                    case "rom-board" -> task = () -> {
                        RomBoardFuzzTest.check(input);
                        return null;
                    };
                    case "repl-host" -> task = () -> RawReplFuzzTest.replay(input);
                    case "repl-board" -> {
                        Path fs = dir.resolve("board-" + replayed);
                        task = () -> {
                            ReplBoardFuzzTest.check(input, fs);
                            return null;
                        };
                    }
                    default -> {
                        if (vm == null) {
                            vm = new ParserFuzzTest.Vm(dir.resolve("vm"));
                        }
                        ParserFuzzTest.Vm on = vm;
                        String src = new String(input, StandardCharsets.UTF_8);
                        boolean run = kind.equals("python-run");
                        task = () -> {
                            String problem = on.check(src, run);
                            if (problem != null) {
                                throw new AssertionError(problem);
                            }
                            return null;
                        };
                    }
                }
                replayed++;
                String problem = Fuzz.replay(task, t -> false);
                if (problem != null) {
                    failures.add(kind + "/" + p.getFileName() + ": " + problem);
                }
            }
        }
        assertFalse(replayed == 0, "no kept inputs found under regressions/");
        assertNull(failures.isEmpty() ? null : String.join("; ", failures));
    }
}
