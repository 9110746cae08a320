package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import java.io.InputStream;
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
        String python = Peers.require("python3");
        String tshark = Peers.require("tshark");
        LoopbackCapture.makeKey(dir, "server");
        Path server = copy("sslserver.py");
        Path client = copy("sslclient.py");
        Path pcap = dir.resolve("pyssl.pcap");
        int port = LoopbackCapture.freePort();
        String key = dir.resolve("server-key.pem").toString();
        try (LoopbackCapture tcpdump = LoopbackCapture.start(pcap, port)) {
            try (Watched s = new Watched(List.of(python, server.toString(), Integer.toString(port),
                    dir.resolve("server-cert.pem").toString(), key))) {
                s.await("listening", 10);
                try (Watched c = new Watched(List.of(python, client.toString(), Integer.toString(port),
                        dir.resolve("server-cert.pem").toString()))) {
                    c.await("Received: HELLO PYTHON TLS/SSL SERVER!", 20);
                    assertTrue(c.waitFor(10));
                }
                assertTrue(s.waitFor(10), s.output());
            }
            tcpdump.stop();
        }
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
            assertTrue(ours.out.contains("\"text\":\"" + ReportPrinter.escape(t, true) + "\""), ours.out);
        }
    }

    private Path copy(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/seed/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }
}
