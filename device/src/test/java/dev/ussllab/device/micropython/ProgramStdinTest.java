package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running program's sys.stdin is the serial line, as on the ESP8266 (mp_hal_stdin_rx_chr): it
 * blocks for bytes, takes any byte once micropython.kbd_intr(-1) is in force, is raised out of by
 * Ctrl-C otherwise, and select.poll sees it; sys.stdout.buffer sends bytes as they are. mpremote's
 * mount hook relies on each of these.
 */
@Timeout(60)
class ProgramStdinTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PROMPT = LiveBoard.PROMPT;

    @TempDir
    Path fs;
    private LiveBoard board;
    private LiveConsole console;

    @BeforeEach
    void boot() throws Exception {
        board = LiveBoard.boot(fs, WAIT);
        console = board.console();
        console.clear();
    }

    @AfterEach
    void stop() throws Exception {
        board.close();
    }

    @Test
    void aRawReplProgramReadsTheBytesSentAfterItEvenCtrlCOnceKbdIntrIsOff() throws Exception {
        console.type("\r\u0001");
        console.await("raw REPL; CTRL-B to exit\r\n>", WAIT);
        console.clear();
        console.type("import sys, micropython\nmicropython.kbd_intr(-1)\nprint('go')\nd = sys.stdin.buffer.read(7)\nprint(repr(d))\u0004");
        console.await("go\r\n", WAIT);
        console.type("a\u0003\u0000\n\r\u00ff\u0018");
        String out = console.await("\u0004\u0004>", WAIT);
        assertTrue(out.contains("OKgo\r\nb'a\\x03\\x00\\n\\r\\xff\\x18'\r\n\u0004\u0004>"), out);
    }

    @Test
    void readBlocksUntilAllTheBytesAskedForArrive() throws Exception {
        console.type("import sys; print('go'); print(repr(sys.stdin.read(5)))\r");
        console.await("go\r\n", WAIT);
        console.type("hel");
        console.type("lo");
        String out = console.await("'hello'\r\n" + PROMPT, WAIT);
        assertTrue(out.endsWith("go\r\n'hello'\r\n" + PROMPT), out);
    }

    @Test
    void ctrlCRaisesKeyboardInterruptInABlockedReadAndEachProgramStartsWithCtrlCOn() throws Exception {
        console.type("import micropython; micropython.kbd_intr(-1)\r");
        console.await(PROMPT, WAIT);
        console.clear();
        console.type("import sys; print('waiting'); sys.stdin.buffer.read(1)\r");
        console.await("waiting\r\n", WAIT);
        console.type("\u0003");
        String out = console.await("KeyboardInterrupt: \r\n" + PROMPT, WAIT);
        assertTrue(out.contains("Traceback (most recent call last):\r\n"), out);
    }

    @Test
    void selectPollSeesStdinOnlyWhenABytesArrived() throws Exception {
        console.type("import sys, select; p = select.poll(); p.register(sys.stdin.buffer, select.POLLIN); "
                + "print('empty', p.poll(0)); print('ready', len(p.poll(20000)), sys.stdin.buffer.read(1))\r");
        console.await("empty []\r\n", WAIT);
        console.type("x");
        String out = console.await("ready 1 b'x'\r\n" + PROMPT, WAIT);
        assertTrue(out.contains("empty []\r\nready 1 b'x'\r\n"), out);
    }

    @Test
    void inputReadsALineWithEchoAndBackspaceAndCtrlCStopsIt() throws Exception {
        console.type("x = input('name? ')\r");
        console.await("name? ", WAIT);
        console.type("ab\u007fc\r");
        console.await("\r\n" + PROMPT, WAIT);
        console.type("print(repr(x))\r");
        String out = console.await("'ac'\r\n" + PROMPT, WAIT);
        assertTrue(out.contains("name? ab\b \bc\r\n"), out);
        console.clear();
        console.type("input()\r");
        console.await("input()\r\n", WAIT);
        console.type("\u0003");
        out = console.await("KeyboardInterrupt: \r\n" + PROMPT, WAIT);
        assertTrue(out.contains("Traceback (most recent call last):\r\n"), out);
    }

    @Test
    void stdoutBufferSendsBytesAsTheyAreAndTheTextStreamCooksNewlines() throws Exception {
        // Assigned, so the REPL does not echo the counts.
        console.type("import sys; w = sys.stdout.buffer.write; n = w(b'a\\nb', 2); n = w(b'|\\n|'); n = sys.stdout.write('c\\nd\\n')\r");
        String out = console.await("d\r\n" + PROMPT, WAIT);
        assertTrue(out.contains("a\n|\n|c\r\nd\r\n" + PROMPT), out);
    }
}
