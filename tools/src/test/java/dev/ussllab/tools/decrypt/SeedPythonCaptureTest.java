package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.SeedClient;
import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed article's scenario end to end: its Python client talks to its Python server (kRSA),
 * tcpdump records the loopback, and our decrypt with key.pem alone prints the same plaintext as
 * tshark with key.pem in its RSA key list.
 */
class SeedPythonCaptureTest {

    @TempDir
    Path dir;

    @Test
    void ourDecryptPrintsWhatTsharkPrints() throws Exception {
        String tshark = Peers.require("tshark");
        Path pcap = dir.resolve("pyssl.pcap");
        String key = seedSession(pcap, "lo");
        Cli ours = Cli.run("decrypt", pcap.toString(), "--key", key, "--json");
        assertEquals(0, ours.exitCode, ours.toString());
        assertTrue(ours.out.contains("\"cipherSuite\":\"TLS_RSA_WITH_AES_256_GCM_SHA384\""), ours.out);
        assertTrue(ours.out.contains("\"method\":\"RSA key\""), ours.out);

        List<String> theirs = new ArrayList<>();
        for (String line : DecryptCommandTest.run(tshark, "-r", pcap.toString(), "-o", "uat:rsa_keys:\"" + key + "\",\"\"",
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data")) {
            if (!line.isBlank()) {
                theirs.add(new String(HexFormat.of().parseHex(line.trim())));
            }
        }
        assertEquals(List.of("Hello Python TLS/SSL Server!\n", "HELLO PYTHON TLS/SSL SERVER!"), theirs);
        for (String t : theirs) {
            assertTrue(ours.out.contains("\"text\":\"" + dev.ussllab.host.decrypt.Plaintext.escape(t, true) + "\""), ours.out);
        }
    }

    /** tcpdump -i any with nanosecond stamps: a Linux cooked (SLL2) capture, decrypted the same way. */
    @Test
    void cookedNanosecondCaptureFromAnyInterface() throws Exception {
        // What tshark reads from the same file is the reference: the kernel's "any" capture has lost
        // a loopback segment now and then (seen three times in CI and on an idle machine: an
        // application record, then the ServerHello), and what is not in the file nobody decrypts.
        // Such a file is made again, up to three times; the one kept must hold both records.
        Path pcap = null;
        String key = null;
        List<String> theirs = List.of();
        for (int attempt = 1; attempt <= 3 && theirs.size() < 2; attempt++) {
            pcap = dir.resolve("any-" + attempt + ".pcap");
            key = seedSession(pcap, "any", "--time-stamp-precision", "nano");
            theirs = tsharkAppData(pcap, key);
            if (theirs.size() < 2) {
                System.out.println("SeedPythonCaptureTest: tshark finds " + theirs.size()
                        + " of the 2 application records in -i any capture " + attempt + " (tcpdump lost a segment)");
            }
        }
        assertEquals(2, theirs.size(), "three -i any captures in a row lost a segment: " + theirs);
        byte[] head = Files.readAllBytes(pcap);
        // pcap-savefile(5): nanosecond magic a1b23c4d (little-endian here), link type 276 = LINUX_SLL2.
        assertEquals("4d3cb2a1", HexFormat.of().formatHex(head, 0, 4));
        assertEquals("14010000", HexFormat.of().formatHex(head, 20, 24));
        Cli ours = Cli.run("decrypt", pcap.toString(), "--key", key);
        assertEquals(0, ours.exitCode, ours.toString());
        for (String t : theirs) {
            assertTrue(ours.out.contains("text: " + dev.ussllab.host.decrypt.Plaintext.escape(t, false)), t + " in " + ours.out);
        }
        assertTrue(ours.out.matches("(?s).*started \\S+\\.\\d{9}Z.*"), "nanosecond start time: " + ours.out);
    }

    /** The application data tshark decrypts from the capture with the key, one string per record. */
    private static List<String> tsharkAppData(Path pcap, String key) throws Exception {
        List<String> theirs = new ArrayList<>();
        for (String line : DecryptCommandTest.run(Peers.require("tshark"), "-r", pcap.toString(),
                "-o", "uat:rsa_keys:\"" + key + "\",\"\"", "-Y", "tls.app_data", "-T", "fields", "-e", "data.data")) {
            if (!line.isBlank()) {
                theirs.add(new String(HexFormat.of().parseHex(line.trim())));
            }
        }
        return theirs;
    }

    /** The seed's client talks to the seed's server under tcpdump; returns the server key's path. */
    private String seedSession(Path pcap, String iface, String... tcpdumpExtra) throws Exception {
        LoopbackCapture.makeKey(dir, "server");
        TestPki.KeyPair keys = new TestPki.KeyPair(dir.resolve("server-key.pem"), dir.resolve("server-cert.pem"));
        int port = LoopbackCapture.freePort();
        try (LoopbackCapture tcpdump = LoopbackCapture.start(pcap, port, iface, tcpdumpExtra)) {
            // kRSA allowed, one request served: the article's Wireshark RSA-key walkthrough.
            try (SeedServer s = SeedServer.start(dir, keys, "DEFAULT:kRSA", port, true)) {
                SeedClient.Run c = SeedClient.run(dir, "127.0.0.1", port, keys.cert());
                assertTrue(c.out().contains("Received: HELLO PYTHON TLS/SSL SERVER!"), c.toString());
                assertTrue(s.awaitExit(10), s.output());
            }
            tcpdump.stop();
        }
        return keys.key().toString();
    }
}
