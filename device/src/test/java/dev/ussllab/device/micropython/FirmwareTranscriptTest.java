package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The firmware's side of the serial line, byte for byte, for scripted input (pyexec.c's transcripts). */
@Timeout(20)
class FirmwareTranscriptTest {

    @TempDir
    Path fs;

    private String session(String input, boolean rawPaste) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MicroPythonFirmware(fs, KeyLogSink.NONE, rawPaste)
                .run(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void friendlyReplEchoesAndEvaluates() throws Exception {
        String t = session("1+2\r", true);
        assertEquals(MicroPythonFirmware.BANNER + ">>> 1+2\r\n3\r\n>>> ", t);
    }

    @Test
    void compoundStatementsContinueWithAutoIndent() throws Exception {
        String t = session("for i in range(2):\rprint(i)\r\r", true);
        assertEquals(MicroPythonFirmware.BANNER + ">>> for i in range(2):\r\n...     print(i)\r\n...     \r\n0\r\n1\r\n>>> ", t);
    }

    @Test
    void rawReplExecAndSoftReboot() throws Exception {
        Files.writeString(fs.resolve("boot.py"), "print('boot')\n");
        Files.writeString(fs.resolve("main.py"), "print('main')\n");
        String t = session("\r\u0001print('hi')\u0004\u0004", true);
        assertEquals("boot\r\nmain\r\n" + MicroPythonFirmware.BANNER + ">>> \r\n>>> \r\n"
                + "raw REPL; CTRL-B to exit\r\n>OK" + "hi\r\n\u0004\u0004>"
                + "OK\r\nMPY: soft reboot\r\nboot\r\nraw REPL; CTRL-B to exit\r\n>", t);
    }

    @Test
    void rawPasteAnnouncesTheWindowAndGrantsMore() throws Exception {
        String prog = "x = 1\n" + "#".repeat(300) + "\nprint(x)\n";
        String t = session("\r\u0001\u0005A\u0001" + prog + "\u0004", true);
        String expectedStart = MicroPythonFirmware.BANNER + ">>> \r\n>>> \r\nraw REPL; CTRL-B to exit\r\n>R\u0001\u0080\u0000\u0001";
        assertTrue(t.startsWith(expectedStart), t);
        // 308 bytes of program: a grant after each full 128-byte window (two), then the ack.
        assertEquals("\u0001\u0001\u00041\r\n\u0004\u0004>", t.substring(expectedStart.length()));
    }

    @Test
    void rawPasteRefusedWhenTheBoardHasNone() throws Exception {
        String t = session("\r\u0001\u0005A\u0001", false);
        // pyexec.c answers an unsupported raw-paste command with R\x00 and a fresh prompt.
        assertTrue(t.endsWith("raw REPL; CTRL-B to exit\r\n>R\u0000>"), t);
    }
}
