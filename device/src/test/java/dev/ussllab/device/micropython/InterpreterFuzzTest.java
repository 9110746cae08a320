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

    /** A str literal for the expression text, so a failure names the expression. */
    static final class PyLiteralForTest {
        static String str(String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    }

    private String run(String src) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Session s = new Session(console, fs, null, new AtomicBoolean(), System.nanoTime());
        String tb = s.exec(src, "<stdin>");
        return console.toString() + (tb == null ? "" : tb);
    }

    private static final String[] VALUES = {"None", "True", "0", "-1", "7", "2**70", "2.5", "''", "'ab'", "b''",
        "b'\\x00z'", "[]", "[1, 'a']", "()", "(1,)", "{}", "{'k': 1}", "range(3)", "len", "bytearray(2)", "Exception",
        "memoryview(b'ab')", "os", "-2.0", "'%d'", "'{}'"};
    private static final String[] CALLS = {"len(%s)", "str(%s)", "int(%s)", "float(%s)", "bytes(%s)", "list(%s)",
        "tuple(%s)", "dict(%s)", "repr(%s)", "hex(%s)", "abs(%s)", "sorted(%s)", "min(%s)", "max(%s)", "sum(%s)",
        "any(%s)", "all(%s)", "list(enumerate(%s))", "list(zip(%s, %s))", "list(map(%s, %s))", "list(filter(%s, %s))",
        "isinstance(%s, %s)", "chr(%s)", "ord(%s)", "divmod(%s, %s)", "pow(%s, %s)", "round(%s)", "%s + %s",
        "%s - %s", "%s * %s", "%s / %s", "%s // %s", "%s %% %s", "%s ** %s", "%s << %s", "%s & %s", "%s < %s",
        "%s == %s", "%s in %s", "(%s)[%s]", "(%s)[%s:%s]", "-%s", "~%s", "not %s", "(%s).split(%s)", "(%s).join(%s)",
        "(%s).format(%s)", "(%s).decode()", "(%s).append(%s)", "(%s).get(%s)", "(%s).index(%s)", "(%s).startswith(%s)",
        "(%s).replace(%s, %s)", "(%s).to_bytes(%s, 'big')", "getattr(%s, %s)", "hasattr(%s, %s)", "iter(%s)",
        "next(iter(%s))", "bytearray(%s)", "memoryview(%s)", "(%s)(%s)", "'%%s %%s' %% %s", "'{:>5}'.format(%s)",
        "os.stat(%s)", "os.listdir(%s)", "open(%s)", "hash(%s)", "[x for x in %s]", "{%s: %s}"};

    @Test
    @Timeout(60)
    void builtinsWithWrongTypesRaisePythonErrors() {
        Random r = new Random(Long.getLong("fuzz.seed", 7));
        StringBuilder prog = new StringBuilder("import os\nok = 0\nerrors = 0\n");
        for (int i = 0; i < 3000; i++) {
            String call = CALLS[r.nextInt(CALLS.length)];
            Object[] args = new Object[3];
            for (int j = 0; j < 3; j++) {
                args[j] = VALUES[r.nextInt(VALUES.length)];
            }
            String expr = String.format(call, args);
            prog.append("try:\n    r = ").append(expr).append("\n    ok += 1\n")
                    .append("except Exception as e:\n    errors += 1\n    if 'subset' in str(e):\n        print(repr(e), ")
                    .append(PyLiteralForTest.str(expr)).append(")\n");
        }
        prog.append("print(ok + errors)\n");
        String out = run(prog.toString());
        assertEquals("3000\r\n", out, out.length() > 2000 ? out.substring(0, 2000) : out);
    }
}
