package dev.ussllab.host.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.Proc;
import dev.ussllab.host.RunningHost;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.testsupport.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host records what openssl clients send it; tshark decrypts the file with no settings. */
class SessionCaptureWriterTest {

    static final String MESSAGE = "  s_client says hi\n";

    @TempDir
    Path dir;

    @Test
    void everySessionIsWrittenWithItsOwnSecretsAndTsharkDecryptsIt() throws Exception {
        String openssl = Peers.require("openssl");
        Peers.require("tshark");
        Path capture = dir.resolve("host.pcapng");
        Path ourKeys = dir.resolve("host-keys.log");
        Path theirKeys = dir.resolve("s_client-keys.log");
        SessionCaptureWriter writer = new SessionCaptureWriter(CaptureFile.open(capture));
        List<List<String>> clients = List.of(List.of("-tls1_2", "-cipher", "AES128-SHA"), List.of("-tls1_3"),
                List.of("-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"));
        try (KeyLogFile keys = KeyLogFile.open(ourKeys);
                RunningHost host = new RunningHost(dir, new HostOptions().policy(CipherPolicy.COMPAT)
                        .observers(writer).keyLog(writer.keyLogSink(keys)))) {
            int n = 0;
            for (List<String> extra : clients) {
                List<String> cmd = new java.util.ArrayList<>(List.of(openssl, "s_client", "-connect",
                        "127.0.0.1:" + host.port(), "-ign_eof", "-keylogfile", theirKeys.toString()));
                cmd.addAll(extra);
                Proc p = Proc.run(dir.toFile(), MESSAGE, 20, cmd.toArray(String[]::new));
                assertTrue(p.out.contains("S_CLIENT SAYS HI"), p.out + p.err);
                host.next();
                n++;
                if (n == 1) {
                    // Valid after every session: readable to the end while the host still runs.
                    awaitSessions(writer, 1);
                    assertEquals(1, CaptureChecks.read(capture).connections().size());
                }
            }
            awaitSessions(writer, clients.size());
        }
        writer.close();
        CaptureChecks.Contents c = CaptureChecks.read(capture);
        assertEquals(3, c.connections().size());
        for (TcpConnection conn : c.connections()) {
            assertTrue(conn.complete(), conn.toString());
            assertEquals(conn.server().getPort(), c.connections().get(0).server().getPort());
        }
        // The secrets blocks hold exactly what openssl logged for the same sessions, and our key log too.
        assertEquals(CaptureChecks.keyLogLines(theirKeys), new TreeSet<>(c.keyLogLines()));
        assertEquals(CaptureChecks.keyLogLines(ourKeys), new TreeSet<>(c.keyLogLines()));
        assertEquals(List.of(MESSAGE, "S_CLIENT SAYS HI", MESSAGE, "S_CLIENT SAYS HI", MESSAGE, "S_CLIENT SAYS HI"),
                CaptureChecks.tsharkPlaintext(capture));
    }

    /** The session is written on the connection's thread right after its record; wait for it. */
    private static void awaitSessions(SessionCaptureWriter w, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (w.file()) {
            for (long left; w.file().sessions() < n && (left = deadline - System.currentTimeMillis()) > 0; ) {
                w.file().wait(left); // CaptureFile notifies after each session
            }
        }
        assertEquals(n, w.file().sessions());
    }

    @Test
    void unwritableCaptureIsReportedNamingTheFile() {
        // /dev/full answers every write with ENOSPC: the disk-full case, reported at once.
        LabException full = assertThrows(LabException.class, () -> CaptureFile.open(Path.of("/dev/full")));
        assertTrue(full.getMessage().contains("/dev/full") && full.getMessage().contains("No space left"),
                full.getMessage());
        Path notADir = dir.resolve("file");
        LabException e = assertThrows(LabException.class, () -> {
            Files.writeString(notADir, "x");
            CaptureFile.open(notADir.resolve("c.pcapng"));
        });
        assertTrue(e.getMessage().contains(notADir.resolve("c.pcapng").toString()), e.getMessage());
    }

    @Test
    void aDirectoryGetsATimestampedFile() {
        CaptureFile f = CaptureFile.open(dir);
        f.close();
        assertTrue(f.path().getFileName().toString().matches("ussl-lab-\\d{8}-\\d{6}\\.pcapng"), f.path().toString());
        assertEquals(dir, f.path().getParent());
    }
}
