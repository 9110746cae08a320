package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot time and a CPU-bound loop of the emulated board, printed with their ratio to a real
 * ESP8266 at 80 MHz. Figures only (tag long): no timed assertion.
 */
@Tag("long")
class VmSpeedBenchmark {

    /**
     * A real ESP8266 at 80 MHz, MicroPython 1.22, running the loop below: about 100,000 iterations
     * per second. An estimate, not a measurement made here: native MicroPython on this machine kind
     * runs the loop at 9-12 million iterations/s (shared/reference/micropython-vm-on-the-jvm.md), and
     * an 80 MHz LX106 core is roughly 100x slower than one laptop core at this bytecode loop
     * (published board comparisons put the ESP8266 3.5x behind a 168 MHz pyboard).
     */
    static final double ESP8266_LOOP_PER_S = 100_000;
    /** A real board is at its prompt about 1.1 s after reset (boot ROM, SDK start, VM, boot.py). */
    static final double ESP8266_BOOT_S = 1.1;
    static final int ITERATIONS = 300_000;

    @TempDir
    Path tmp;

    @Test
    void bootAndLoopFigures() throws Exception {
        for (int boot = 1; boot <= 3; boot++) {
            long t0 = System.nanoTime();
            try (MicroPythonVm vm = new MicroPythonVm(OutputStream.nullOutputStream(), tmp, MicroPythonVm.DEFAULT_MEMORY_CAP,
                    new BoardModules(null))) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("boot %d (board modules loaded, ready for boot.py): %.3f s, ratio to a real ESP8266 %.2f%n",
                        boot, s, ESP8266_BOOT_S / s);
                if (boot < 3) {
                    continue;
                }
                assertNull(vm.execNamed("def loop(n):\n x = 0\n for i in range(n):\n  x += i\n return x\n", "<stdin>", false));
                for (int run = 1; run <= 6; run++) {
                    long t = System.nanoTime();
                    assertNull(vm.execNamed("loop(" + ITERATIONS + ")", "<stdin>", false));
                    double secs = (System.nanoTime() - t) / 1e9;
                    double perS = ITERATIONS / secs;
                    System.out.printf("loop run %d: %d iterations in %.3f s = %.0f/s, %.2fx a real ESP8266 at 80 MHz%n",
                            run, ITERATIONS, secs, perS, perS / ESP8266_LOOP_PER_S);
                }
            }
        }
    }
}
