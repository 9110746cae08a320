package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's capture part: the file and key log it writes, and the verdicts decrypting it gives. */
class DemoCaptureTest {

    @TempDir
    Path tmp;

    @Test
    void demoCapturesDecryptsTheBoardWithKeyPemAndSaysWhyNotTheRest() throws Exception {
        Cli r = Cli.run("demo", "--dir", tmp.toString(), "--port", "0");
        assertEquals(0, r.exitCode, r.toString());
        String section = r.out.substring(r.out.indexOf("== capture "));
        assertTrue(section.contains("(3 sessions"), section);
        assertTrue(section.contains("esp8266-micropython: decryptable with key.pem alone (RSA key exchange)\n"
                + "  client -> server: Hello Python TLS/SSL Server!\\n\n"
                + "  server -> client: HELLO PYTHON TLS/SSL SERVER!\n"), section);
        assertTrue(section.contains("python-krsa: decryptable with key.pem alone (RSA key exchange)"), section);
        assertTrue(section.contains("java-default: only with the key log (TLS 1.3 is always forward secret"), section);

        Path keys = tmp.resolve(DemoCapture.KEY_LOG);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        // 1 line per TLS 1.2 session, 5 for the TLS 1.3 one.
        assertEquals(7, Files.readAllLines(keys).size());

        // tshark decrypts all three sessions from the file's own secrets blocks, with no settings.
        Process p = new ProcessBuilder(Peers.require("tshark"), "-r", tmp.resolve(DemoCapture.CAPTURE).toString(),
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            long answers = out.lines().filter(l -> !l.isBlank())
                    .map(l -> new String(HexFormat.of().parseHex(l.trim())))
                    .filter("HELLO PYTHON TLS/SSL SERVER!"::equals).count();
            assertEquals(3, answers, out);
        } finally {
            p.destroyForcibly();
        }
    }
}
