package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.pcap.LinkType;
import dev.ussllab.host.pcap.PcapngWriter;
import dev.ussllab.tools.Cli;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input through the command line: one line on stderr naming the thing, exit 2. */
class DecryptBadInputTest {

    @TempDir
    Path dir;

    private static void assertOneLine(Cli r, String... fragments) {
        assertEquals(2, r.exitCode, r.toString());
        assertEquals(1, r.err.lines().count(), r.err);
        for (String f : fragments) {
            assertTrue(r.err.contains(f), r.err);
        }
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @Test
    void truncatedCaptureNamesTheOffset() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new PcapngWriter(b, LinkType.ETHERNET, false).writePacket(0, new byte[64]);
        Path f = dir.resolve("cut.pcapng");
        Files.write(f, Arrays.copyOf(b.toByteArray(), b.size() - 20));
        // SHB (28) + IDB (32): the packet block starts at offset 60
        assertOneLine(Cli.run("decrypt", f.toString()), "cut.pcapng", "offset 60", "expected");
    }

    @Test
    void garbageIsNotACapture() throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "not a capture");
        assertOneLine(Cli.run("decrypt", f.toString()), "notes.txt: not a pcap or pcapng file (offset 0");
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        assertOneLine(Cli.run("decrypt", dir.resolve("none.pcap").toString()), "none.pcap does not exist");
        Path pcap = dir.resolve("ok.pcapng");
        new PcapngWriter(Files.newOutputStream(pcap), LinkType.ETHERNET, false).flush();
        assertOneLine(Cli.run("decrypt", pcap.toString(), "--key", dir.resolve("k.pem").toString()), "k.pem does not exist");
        assertOneLine(Cli.run("decrypt", pcap.toString(), "--keylog", dir.resolve("keys.log").toString()),
                "keys.log does not exist");
    }

    @Test
    void wrongKeyAndKeyLogFormats() throws Exception {
        Path pcap = dir.resolve("ok.pcapng");
        new PcapngWriter(Files.newOutputStream(pcap), LinkType.ETHERNET, false).flush();
        Path notPem = dir.resolve("key.pem");
        Files.writeString(notPem, "hello");
        assertOneLine(Cli.run("decrypt", pcap.toString(), "--key", notPem.toString()), "key.pem is not PEM (no -----BEGIN line)");
        // PEM, but a certificate: the key loader is the host's (KeyMaterial), with its words.
        Path keys = Files.createDirectory(dir.resolve("keys"));
        assertEquals(0, Cli.run("keygen", "--out-dir", keys.toString(), "--bits", "1024").exitCode);
        assertOneLine(Cli.run("decrypt", pcap.toString(), "--key", keys.resolve("cert.pem").toString()), "cert.pem holds no private key");
        Path badLog = dir.resolve("keys.log");
        Files.writeString(badLog, "# comment\nCLIENT_RANDOM zz\n");
        assertOneLine(Cli.run("decrypt", pcap.toString(), "--keylog", badLog.toString()), "keys.log line 2");
    }

    @Test
    void emptyCaptureSaysNothingFound() throws Exception {
        Path pcap = dir.resolve("empty.pcapng");
        new PcapngWriter(Files.newOutputStream(pcap), LinkType.ETHERNET, false).flush();
        Cli r = Cli.run("decrypt", pcap.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertEquals("no TLS sessions found in 0 TCP connection(s)\n", r.out);
    }
}
