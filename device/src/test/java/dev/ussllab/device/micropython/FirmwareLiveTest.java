package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The firmware on the board emulator, driven key by key: Ctrl-C, soft and hard resets. */
@Timeout(30)
class FirmwareLiveTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String PROMPT = LiveBoard.PROMPT;

    @TempDir
    Path fs;
    private LiveBoard board;
    private LiveConsole console;

    @BeforeEach
    void boot() throws Exception {
        board = LiveBoard.boot(fs, WAIT);
        console = board.console();
    }

    @AfterEach
    void stop() throws Exception {
        board.close();
    }

    @Test
    void ctrlCInterruptsARunningProgramWithKeyboardInterrupt() throws Exception {
        console.clear();
        console.type("while True:\r");
        console.await("...     ", WAIT);
        console.type("pass\r\r");
        Thread.sleep(200);
        console.type("\u0003");
        String out = console.await("KeyboardInterrupt: \r\n" + PROMPT, WAIT);
        assertTrue(out.contains("Traceback (most recent call last):\r\n  File \"<stdin>\", line 2, in <module>\r\nKeyboardInterrupt: \r\n"), out);
    }

    @Test
    void ctrlCInterruptsASleep() throws Exception {
        console.clear();
        console.type("import time; time.sleep(60)\r");
        Thread.sleep(200);
        long start = System.nanoTime();
        console.type("\u0003");
        console.await("KeyboardInterrupt: \r\n" + PROMPT, WAIT);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "the sleep ended at Ctrl-C");
    }

    @Test
    void softRebootForgetsVariablesAndRunsMainPy() throws Exception {
        Files.writeString(fs.resolve("main.py"), "print('main.py ran')\n");
        console.type("x = 5\r");
        console.await(PROMPT + "x = 5\r\n" + PROMPT, WAIT);
        console.clear();
        console.type("\u0004");
        String out = console.await(MicroPythonFirmware.BANNER + PROMPT, WAIT);
        assertEquals("\r\nMPY: soft reboot\r\nmain.py ran\r\n" + MicroPythonFirmware.BANNER + PROMPT, out);
        console.clear();
        console.type("x\r");
        out = console.await("NameError: name 'x' isn't defined\r\n" + PROMPT, WAIT);
        assertTrue(out.startsWith("x\r\nTraceback (most recent call last):\r\n"), out);
    }

    @Test
    void machineResetResetsTheBoardThroughTheRom() throws Exception {
        console.clear();
        console.type("import machine; machine.reset()\r");
        String out = console.await(MicroPythonFirmware.BANNER + PROMPT, WAIT);
        assertTrue(out.contains(" ets Jan  8 2013,rst cause:2, boot mode:(3,6)"), out);
        assertFalse(out.contains("MPY: soft reboot"), out);
    }

    @Test
    void lineEditingBackspaceAndExpressionEcho() throws Exception {
        console.clear();
        console.type("1+22\b\b3\r");
        String out = console.await("4\r\n" + PROMPT, WAIT);
        assertEquals("1+22\b \b\b \b3\r\n4\r\n" + PROMPT, out);
    }
}
