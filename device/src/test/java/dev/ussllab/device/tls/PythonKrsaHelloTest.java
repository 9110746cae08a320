package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.peers.SeedClient;
import dev.ussllab.testsupport.peers.TestPki;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The python-krsa profile claims to be the seed's sslclient.py: its ClientHello must equal the
 * one the real script sends on this machine's python3, byte for byte except the 32 random bytes.
 */
class PythonKrsaHelloTest {

    /** ClientHello.random: after record header 5 + handshake header 4 + client_version 2. */
    static final int RANDOM = 11;

    @TempDir
    Path dir;

    @Test
    void helloEqualsTheRealSeedClients() throws Exception {
        TestPki.KeyPair keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
        byte[] python;
        try (HelloCatcher catcher = new HelloCatcher()) {
            SeedClient.run(dir, "127.0.0.1", catcher.port(), keys.cert());
            python = catcher.firstRecord();
        }
        byte[] ours;
        try (HelloCatcher catcher = new HelloCatcher(); Socket s = catcher.connect()) {
            assertThrows(IOException.class, () -> BcConnection.handshake(s, Profiles.pythonKrsa(), null,
                    TrustedCertificates.load(keys.cert()), KeyLogSink.NONE, 0));
            ours = catcher.firstRecord();
        }
        Arrays.fill(python, RANDOM, RANDOM + 32, (byte) 0);
        Arrays.fill(ours, RANDOM, RANDOM + 32, (byte) 0);
        byte[] expected = python;
        assertArrayEquals(expected, ours, () -> "python " + Hex.of(expected) + "\nours   " + Hex.of(ours));
    }
}
