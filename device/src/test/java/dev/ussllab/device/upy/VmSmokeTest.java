package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MicroPython's own VM boots under Chicory, runs code, prints to the UART, and reports tracebacks. */
class VmSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsCodeAndReportsTracebacksAsMicroPythonPrintsThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MicroPythonVm vm = new MicroPythonVm(out, dir, MicroPythonVm.DEFAULT_MEMORY_CAP, new BoardModules(null))) {
            assertNull(vm.execNamed("print(1+1)", "<stdin>", false));
            assertEquals("2\r\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\n"
                    + "  File \"main.py\", line 2, in f\nZeroDivisionError: divide by zero\n",
                    vm.execNamed("def f():\n  1/0\nf()", "main.py", false));
            out.reset();
            // The VM stays usable after an uncaught exception; REPL entries echo their value.
            assertNull(vm.execNamed("[x * x for x in range(4)]", "<stdin>", true));
            assertEquals("[0, 1, 4, 9]\r\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 1\nSyntaxError: invalid syntax\n",
                    vm.execNamed("1 +", "<stdin>", true));
        }
    }
}
