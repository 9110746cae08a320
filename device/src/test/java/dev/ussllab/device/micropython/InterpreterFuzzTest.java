package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage programs (random bytes, and random mixes of Python tokens) never crash the interpreter:
 * each ends normally or with a MicroPython exception report, never a Java exception.
 */
class InterpreterFuzzTest {

    private static final String[] TOKENS = {"if", "else", "elif", "for", "in", "while", "def", "return", "try",
        "except", "finally", "with", "as", "import", "from", "lambda", "not", "and", "or", "class", "pass", "x", "y",
        "f", "os", "print", "len", "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "+", "-", "*", "/", "//", "%",
        "**", "<", ">", "==", "!=", "'s'", "b'\\x00'", "f'{x}'", "1", "0", "2.5", "None", "True", "\n", "\n    ",
        "\\", "#c", "'''", "\"", ";", "*", "**", "@", "yield", "global", "del", "raise", "assert", "1e400", "0x"};

    @TempDir
    Path fs;

    @Test
    @Timeout(30)
    void randomProgramsEndInPythonErrorsOnly() {
        fuzz(new Random(6), 300);
    }

    @Test
    @Tag("long")
    @Timeout(600)
    void manyRandomPrograms() {
        fuzz(new Random(Long.getLong("fuzz.seed", 66)), 20_000);
    }

    @Test
    @Timeout(30)
    void deepNestingIsAnErrorNotACrash() {
        assertTrue(run("x = " + "(".repeat(20_000) + "1" + ")".repeat(20_000)).endsWith(
                "NotImplementedError: nesting deeper than 200 levels is outside ussl-lab's MicroPython subset\n"));
        assertTrue(run("x = " + "-".repeat(20_000) + "1").contains("nesting deeper than 200 levels"));
        assertTrue(run("x = " + "not ".repeat(20_000) + "1").contains("nesting deeper than 200 levels"));
        assertEquals("1\r\n", run("x = " + "(".repeat(150) + "1" + ")".repeat(150) + "\nprint(x)"));
    }

    private void fuzz(Random r, int programs) {
        for (int i = 0; i < programs; i++) {
            StringBuilder src = new StringBuilder();
            if (r.nextInt(4) == 0) {
                for (int j = 0; j < r.nextInt(200); j++) {
                    src.append((char) r.nextInt(128));
                }
            } else {
                for (int j = 0; j < r.nextInt(40); j++) {
                    src.append(TOKENS[r.nextInt(TOKENS.length)]).append(r.nextBoolean() ? " " : "");
                }
            }
            String program = src.toString().replace("while", "if"); // no endless loops
            try {
                run(program);
            } catch (RuntimeException | StackOverflowError e) {
                fail("program #" + i + " crashed the interpreter with " + e + ":\n" + program, e);
            }
        }
    }

    private String run(String src) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Session s = new Session(console, fs, null, new AtomicBoolean(), System.nanoTime());
        String tb = s.exec(src, "<stdin>");
        return console.toString() + (tb == null ? "" : tb);
    }
}
