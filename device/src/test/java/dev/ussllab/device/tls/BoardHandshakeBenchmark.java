package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the emulated board takes per handshake + one line echoed, against openssl s_server on
 * loopback. Prints figures instead of asserting times (machines differ).
 */
@Tag("long")
class BoardHandshakeBenchmark {

    static final int WARM_UP = 50;
    static final int ROUNDS = 300;

    @TempDir
    Path dir;

    @Test
    void handshakesPerSecond() throws Exception {
        TestPki.KeyPair keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
        try (PeerProcess p = PeerProcess.start(dir, List.of(Peers.require("openssl"), "s_server", "-accept",
                "127.0.0.1:0", "-cert", keys.cert().toString(), "-key", keys.key().toString(), "-rev"))) {
            int port = Integer.parseInt(p.await(EmulatedEsp8266OpenSslTest.ACCEPT, 10_000).group(1));
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), null);
            for (int i = 0; i < WARM_UP; i++) {
                once(board, port);
            }
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                once(board, port);
            }
            double ms = (System.nanoTime() - start) / 1e6 / ROUNDS;
            System.out.printf("emulated ESP8266 vs openssl s_server: %.2f ms per connect+handshake+line+close "
                    + "(%.0f/s, one thread)%n", ms, 1000 / ms);
        }
    }

    static void once(EmulatedEsp8266 board, int port) throws Exception {
        try (Socket s = EmulatedEsp8266OpenSslTest.connect(port); UsslSocket tls = board.wrap(s, null)) {
            tls.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("gnip\n", new String(tls.readline(), StandardCharsets.US_ASCII));
        }
    }
}
