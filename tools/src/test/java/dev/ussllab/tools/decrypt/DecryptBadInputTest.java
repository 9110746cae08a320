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

    /** Issue 12: tcpdump killed mid-write. Read up to the cut, warn once naming the offset, carry on. */
    @Test
    void aCaptureCutInItsLastPacketIsReadUpToTheCut() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new PcapngWriter(b, LinkType.ETHERNET, false).writePacket(0, new byte[64]);
        Path f = dir.resolve("cut.pcapng");
        Files.write(f, Arrays.copyOf(b.toByteArray(), b.size() - 20));
        Cli r = Cli.run("decrypt", f.toString());
        assertEquals(0, r.exitCode, r.toString());
        // SHB (28) + IDB (32): the packet block starts at offset 60
        assertEquals("warning: " + f + ": the capture is cut off at offset 60 (its last record is incomplete, as when"
                + " tcpdump is killed): read the 0 packet(s) before it\n", r.err);
    }

    /** Issue 15: a 12-byte section header block was an internal error (exit 1); now one line naming the offset, exit 2. */
    @Test
    void aMalformedSectionHeaderBlockIsOneLineNamingTheOffset() throws Exception {
        Path f = dir.resolve("shb.pcapng");
        Files.write(f, new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 12, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a});
        assertOneLine(Cli.run("decrypt", f.toString()), "shb.pcapng: corrupt capture at offset 4",
                "section header block length 12");
        Path cut = dir.resolve("head.pcap");
        Files.write(cut, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        assertOneLine(Cli.run("decrypt", cut.toString()), "head.pcap: corrupt capture at offset 0: truncated pcap file header");
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
