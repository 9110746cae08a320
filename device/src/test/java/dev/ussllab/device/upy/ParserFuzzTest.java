package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.fuzz.Fuzz;
import dev.ussllab.device.micropython.EspTls;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 section 6, MicroPython's lexer, parser and compiler as the emulated board runs them
 * (its own VM, compiled from WebAssembly): mutated sources go in through the board's entry
 * ({@link MicroPythonVm#execNamed}'s source hand-over and compile), and the VM must answer with
 * a Python exception (SyntaxError, IndentationError, MemoryError, ...) or compile them, never
 * throw a Java exception out, never take longer than the deadline, and stay usable for the next
 * program. Seeds: the micropython-lib fixtures (requests, umqtt), the board's own Python modules
 * and the conformance programs. A quarter of the inputs built from the conformance programs (no
 * network in them) also run; one still running after {@link #RUN_MS} gets Ctrl-C and must stop
 * with KeyboardInterrupt.
 */
@Tag("long")
public class ParserFuzzTest {

    /** A mutated program may loop forever; Ctrl-C after this long. */
    static final long RUN_MS = 2000;
    /**
     * Deepest nesting the fuzzer builds. Deeper programs are answered correctly (a RuntimeError once
     * the VM's C stack runs out) but slowly: around 10,000 brackets the emulated VM spends seconds
     * to tens of seconds in its deep recursion, which would read as a hang under load. Kept as
     * regressions instead (python/deep-call-nesting.py).
     */
    static final int MAX_NESTING = 2000;
    /**
     * A power or shift by a literal of seven or more digits ({@code 2 ** 6999999999}): left out.
     * MicroPython folds such constants while compiling, and runs them as one bytecode, and Ctrl-C
     * reaches a program only between bytecodes: squaring towards a result larger than the memory
     * cap takes hours of the VM's schoolbook multiplication before it fails with MemoryError. The real board (about
     * 40 KB of heap) fails within milliseconds; the emulated one has a 32 MB cap (found by this
     * fuzzer, seed 8405974121057: a mutated exponent in the big-integer conformance program).
     */
    static final Pattern HUGE_BIGINT = Pattern.compile("(\\*\\*|<<|\\bpow\\s*\\()[\\s(,\\w]*?\\d{7}");
    /** The last line of a traceback: a Python exception's name, then its message. */
    static final Pattern PYTHON_EXCEPTION = Pattern.compile("^[A-Z][A-Za-z]*(Error|Exception|Interrupt|Exit|Iteration|Warning)(:( .*)?)?$");
    /** Tokens worth inserting: brackets and nesting, indentation, keywords, string and number edges. */
    static final String[] TOKENS = {"(", ")", "[", "]", "{", "}", ":", "\n", "\n    ", "\t", " ", "\\", "\\\n", "'", "\"", "'''",
        "\"\"\"", "f'", "b'", "r'", "#", "lambda", "yield", "await", "async ", "def ", "class ", "if ", "else", "elif ", "while ",
        "for ", "in ", "not ", "is ", "try:", "except", "finally:", "with ", "as ", "global ", "nonlocal ", "return", "del ",
        "import ", "from ", "*", "**", "@", "=", "==", ":=", "->", ",", ";", ".", "...", "0x", "0b", "0o", "1e", "1j",
        "9999999999999999999999999", "_", "\u00e9", "\u20ac", "\ud83d\ude00", "\u0000"};

    @TempDir
    Path dir;

    @Test
    void sourcesGetAPythonAnswerNeverAJavaException() throws Exception {
        List<String> sources = new ArrayList<>(fixtures());
        List<String> runnable = conformance();
        sources.addAll(runnable);
        sources.addAll(frozen());
        Fuzz fz = Fuzz.start("MicroPython lexer/parser/compiler", 40);
        Random r = fz.random();
        Vm vm = new Vm(dir.resolve("fs"));
        int compiled = 0;
        int ran = 0;
        int skipped = 0;
        while (fz.more()) {
            boolean pickRunnable = r.nextInt(4) == 0;
            List<String> from = pickRunnable ? runnable : sources;
            String src = mutate(from.get(r.nextInt(from.size())), r);
            if (HUGE_BIGINT.matcher(src).find()) {
                skipped++;
                continue;
            }
            boolean run = pickRunnable;
            byte[] input = src.getBytes(StandardCharsets.UTF_8);
            if (run) {
                ran++;
            } else {
                compiled++;
            }
            Vm on = vm;
            String problem = fz.run(run ? "python-run" : "python", input, () -> on.check(src, run), t -> false);
            if (problem != null) {
                fz.fail(run ? "python-run" : "python", input, problem);
            }
        }
        fz.close();
        System.out.println(fz.summary(compiled + " compiled, " + ran + " also run, " + vm.traps() + " made the VM trap, "
                + skipped + " left out (huge big-integer literal)"));
        assertTrue(fz.failures().isEmpty(), fz.summary(""));
    }

    /** One VM, reused while it stays healthy; after a trap a fresh one, as the board boots one. */
    public static final class Vm {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Path fs;
        private MicroPythonVm vm;
        private BoardModules board;
        private int traps;

        public Vm(Path fs) throws IOException {
            this.fs = Files.createDirectories(fs);
            boot();
        }

        private void boot() throws IOException {
            board = new BoardModules(new EspTls(KeyLogSink.NONE));
            vm = new MicroPythonVm(out, fs, MicroPythonVm.DEFAULT_MEMORY_CAP, board);
        }

        public int traps() {
            return traps;
        }

        /**
         * Compiles (and with {@code run}, runs) the source as the board does; null when the VM
         * answered as a Python implementation should, else what went wrong.
         */
        public String check(String src, boolean run) throws IOException {
            String tb;
            Thread watchdog = null;
            if (run) {
                MicroPythonVm target = vm;
                watchdog = new Thread(() -> {
                    try {
                        Thread.sleep(RUN_MS);
                        target.interrupt();
                    } catch (InterruptedException e) {
                        // finished in time
                    }
                }, "fuzz-ctrl-c");
                watchdog.setDaemon(true);
                watchdog.start();
            }
            try {
                if (run) {
                    tb = vm.execNamed(src, "<stdin>", false);
                } else {
                    board.pendingSource(src);
                    tb = vm.exec("compile(__import__('_board').src(),'<stdin>','exec')");
                    board.pendingSource("");
                }
            } catch (BoardModules.ResetRequest reset) {
                tb = null; // machine.reset(): the board reboots, which is a fine answer
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
            }
            out.reset();
            if (tb != null) {
                String[] lines = tb.strip().split("\r?\n");
                String last = lines[lines.length - 1];
                if (!PYTHON_EXCEPTION.matcher(last).matches() || last.contains("emulated MicroPython VM failed")) {
                    return "the VM answered with something that is not a Python exception: '" + last + "'";
                }
            }
            if (vm.broken()) {
                traps++;
                vm.close();
                boot();
            }
            board.clearInterrupt();
            // Through the builtins module: a program may rebind print (or anything) in __main__, which stays so.
            String health = vm.execNamed("import builtins as _fuzz\n_fuzz.print('ok', 6 * 7)", "<stdin>", false);
            String printed = out.toString(StandardCharsets.UTF_8);
            out.reset();
            if (health != null || !printed.equals("ok 42\r\n")) {
                return "the VM is not usable after the program: printed '" + printed + "', traceback " + health;
            }
            return null;
        }
    }

    /** Source-level mutations on top of the byte-level ones: tokens, nesting, lines moved, indentation. */
    static String mutate(String src, Random r) {
        int cut = src.isEmpty() ? 0 : r.nextInt(src.length() + 1);
        switch (r.nextInt(6)) {
            case 0 -> { // a few tokens in
                StringBuilder sb = new StringBuilder(src);
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    sb.insert(r.nextInt(sb.length() + 1), TOKENS[r.nextInt(TOKENS.length)]);
                }
                return sb.toString();
            }
            case 1 -> { // deep nesting
                String open = new String[] {"(", "[", "{", "not ", "-", "lambda:", "f("}[r.nextInt(7)];
                int depth = 1 + r.nextInt(r.nextBoolean() ? 40 : MAX_NESTING);
                String close = switch (open) {
                    case "(", "f(" -> ")";
                    case "[" -> "]";
                    case "{" -> "}";
                    default -> "";
                };
                return src.substring(0, cut) + open.repeat(depth) + "1" + close.repeat(r.nextInt(depth + 1)) + src.substring(cut);
            }
            case 2 -> { // deep indentation
                StringBuilder sb = new StringBuilder(src.substring(0, cut));
                for (int i = 0, n = 1 + r.nextInt(r.nextBoolean() ? 10 : 300); i < n; i++) {
                    sb.append("\n").append(" ".repeat(i)).append("if 1:");
                }
                return sb.append("\n").append(" ".repeat(4)).append("pass").append(src.substring(cut)).toString();
            }
            case 3 -> { // lines dropped, doubled or swapped
                List<String> lines = new ArrayList<>(List.of(src.split("\n", -1)));
                int i = r.nextInt(lines.size());
                int j = r.nextInt(lines.size());
                switch (r.nextInt(3)) {
                    case 0 -> lines.remove(i);
                    case 1 -> lines.add(i, lines.get(j));
                    default -> {
                        String x = lines.get(i);
                        lines.set(i, lines.get(j));
                        lines.set(j, x);
                    }
                }
                return String.join("\n", lines);
            }
            default -> { // bytes
                return new String(Fuzz.mutate(src.getBytes(StandardCharsets.UTF_8), r), StandardCharsets.UTF_8);
            }
        }
    }

    static List<String> fixtures() throws IOException {
        // ../shared beside the checkout, looked for upwards as Peers.sharedDir does; without it the other seeds remain.
        Path lib = null;
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null && lib == null; d = d.getParent()) {
            Path candidate = d.resolve("shared/fixtures/micropython-lib");
            lib = Files.isDirectory(candidate) ? candidate : null;
        }
        List<String> out = new ArrayList<>();
        if (lib == null) {
            System.out.println("MicroPython fuzz: ../shared/fixtures/micropython-lib is absent; seeded from the other sources only");
        } else {
            try (Stream<Path> s = Files.walk(lib)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                    out.add(Files.readString(p));
                }
            }
        }
        return out;
    }

    static List<String> conformance() throws Exception {
        Path folder = Path.of(ParserFuzzTest.class.getResource("conformance").toURI());
        try (Stream<Path> s = Files.list(folder)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                out.add(Files.readString(p));
            }
            assertTrue(out.size() >= 10, "conformance programs: " + out.size());
            return out;
        }
    }

    static List<String> frozen() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : MicroPythonVm.frozenNames()) {
            try (InputStream in = MicroPythonVm.frozen(name)) {
                if (in != null && name.endsWith(".py")) {
                    out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
