package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 KeyUpdate (RFC 8446 4.6.3) from real openssl peers: s_client's "k" and "K" commands
 * rotate the client's keys, and "K" makes the server rotate its own. Records after them must
 * still decrypt, with the next-generation secrets derived from the key log's _0 ones.
 */
class KeyUpdateTest {

    @TempDir
    Path dir;

    @Test
    void recordsAfterKeyUpdatesDecryptBothWays() throws Exception {
        String openssl = Peers.require("openssl");
        String tshark = Peers.require("tshark");
        LoopbackCapture.makeKey(dir, "server");
        Path pcap = dir.resolve("ku.pcap");
        Path keys = dir.resolve("keys.log");
        int port = LoopbackCapture.freePort();
        try (LoopbackCapture tcpdump = LoopbackCapture.start(pcap, port)) {
            try (Watched server = new Watched(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                    "-cert", dir.resolve("server-cert.pem").toString(), "-key", dir.resolve("server-key.pem").toString()))) {
                server.await("ACCEPT", 10);
                try (Watched client = new Watched(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-quiet",
                        "-no_ign_eof", "-tls1_3", "-keylogfile", keys.toString()))) {
                    client.send("before\n");
                    server.await("before", 10);
                    // One command per read: s_client looks only at the first byte of what it reads.
                    client.send("k\n"); // KeyUpdate
                    client.awaitCount("KEYUPDATE", 1, 10);
                    client.send("K\n"); // KeyUpdate with update_requested: the server answers with its own
                    client.awaitCount("KEYUPDATE", 2, 10);
                    client.send("after\n");
                    server.await("after", 10);
                    server.send("answer after update\n");
                    client.await("answer after update", 10);
                    client.closeInput();
                    assertTrue(client.waitFor(10));
                }
                server.waitFor(5);
            }
            tcpdump.stop();
        }
        List<String> updates = DecryptCommandTest.run(tshark, "-r", pcap.toString(), "-o", "tls.keylog_file:" + keys,
                "-Y", "tls.handshake.type == 24", "-T", "fields", "-e", "tls.handshake.type");
        assertEquals(3, updates.stream().filter(l -> !l.isBlank()).count(), "KeyUpdate messages on the wire");
        Cli r = Cli.run("decrypt", pcap.toString(), "--keylog", keys.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("client -> server  7 bytes  text: before\\n"), r.out);
        assertTrue(r.out.contains("client -> server  6 bytes  text: after\\n"), r.out);
        assertTrue(r.out.contains("server -> client  20 bytes  text: answer after update\\n"), r.out);
    }
}
