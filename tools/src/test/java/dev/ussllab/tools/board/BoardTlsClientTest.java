package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import dev.ussllab.tools.Cli;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `board tls-client` on the emulated board and `ussl-lab device` print the same lines for the
 * same server: the seed's Python server with kRSA enabled, and as shipped (which refuses RSA
 * key exchange, so both print the board's OSError: -40).
 */
@Timeout(90)
class BoardTlsClientTest {

    @TempDir
    Path dir;
    private EmulatedBoardPty board;
    private TestPki.KeyPair keys;

    @BeforeEach
    void start() throws Exception {
        board = new EmulatedBoardPty(dir, true);
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    @AfterEach
    void stop() throws Exception {
        board.close();
    }

    private Cli tlsClient(int port, String... extra) {
        String[] base = {"board", "--port", board.port, "tls-client", "--host", "127.0.0.1", "--port", String.valueOf(port)};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return Cli.run(all);
    }

    @Test
    void sameLinesAsDeviceAgainstAKrsaServer() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            Cli device = Cli.run("device", "--host", "127.0.0.1", "--port", String.valueOf(server.port()));
            Cli onBoard = tlsClient(server.port());
            assertEquals(0, onBoard.exitCode, onBoard::toString);
            assertEquals("Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n", onBoard.out);
            assertEquals(device.out, onBoard.out);
            assertEquals(device.exitCode, onBoard.exitCode);
        }
    }

    @Test
    void sameLinesWithServerHostnameAndAnotherMessage() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            String port = String.valueOf(server.port());
            Cli device = Cli.run("device", "--host", "127.0.0.1", "--port", port, "--message", "ça marche", "--server-hostname", "esp.local");
            Cli onBoard = tlsClient(server.port(), "--message", "ça marche", "--server-hostname", "esp.local");
            assertEquals(0, onBoard.exitCode, onBoard::toString);
            assertEquals(device.out, onBoard.out);
        }
    }

    @Test
    void sameErrorLineAgainstTheSeedServerAsShipped() throws Exception {
        try (SeedServer server = SeedServer.start(dir, keys, null)) {
            Cli device = Cli.run("device", "--host", "127.0.0.1", "--port", String.valueOf(server.port()));
            Cli onBoard = tlsClient(server.port());
            assertEquals("OSError: -40\n", onBoard.out, onBoard::toString);
            assertEquals(device.out, onBoard.out);
            assertEquals(1, onBoard.exitCode);
            assertEquals("ussl-lab board tls-client: the board's TLS client failed: OSError: -40 "
                    + "(run `ussl-lab device` against the same server for the error in plain words)\n", onBoard.err);
        }
    }

    @Test
    void aServerThatNeverAnswersIsInterruptedAndSaidSo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread holder = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // the board hung up
                }
            });
            holder.setDaemon(true);
            holder.start();
            Cli r = tlsClient(silent.getLocalPort(), "--run-timeout", "1");
            assertEquals(1, r.exitCode, r::toString);
            assertTrue(r.err.contains("was still running after 1 s; interrupted it with Ctrl-C"), r.err);
            assertTrue(r.err.contains("give it more time with --run-timeout"), r.err); // the option that sets it, not --timeout
            // The board is usable again afterwards: Ctrl-C broke the TLS handshake's blocking read.
            Cli after = Cli.run("board", "--port", board.port, "exec", "print('still here')");
            assertEquals("still here\n", after.out, after::toString);
        }
    }

    @Test
    void badTlsClientInput() {
        Cli r = tlsClient(70000);
        assertEquals(2, r.exitCode);
        assertEquals("ussl-lab board tls-client: --port 70000 is not a TCP port (use 1-65535)\n", r.err);
    }
}
