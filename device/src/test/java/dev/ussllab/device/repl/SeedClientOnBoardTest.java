package dev.ussllab.device.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.SeedServer;
import dev.ussllab.testsupport.peers.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed article's usslclient.py, taken from shared/seeds and changed only in HOST and PORT,
 * sent through our raw-REPL driver to the emulated board, against the seed's Python server.
 */
@Timeout(60)
class SeedClientOnBoardTest {

    /**
     * The ESP8266 ClientHello without SNI from shared/reference/esp8266-ussl-profile.md (axTLS
     * 531cab9c, captured), with the 4 uptime bytes and 28 random bytes zeroed.
     */
    static final String REFERENCE_HELLO = "1603030043" + "0100003f" + "0303" + "00000000"
            + "00".repeat(28) + "00" + "0008002f003c0035003d" + "0100" + "000e" + "000d000a0008060105010401" + "0201";
    static final int UPTIME_AT = 11;

    @TempDir
    Path dir;
    private PtyBoard board;
    private SerialLink host;
    private RawRepl repl;

    @BeforeEach
    void start() throws Exception {
        board = new PtyBoard(dir, true);
        host = SerialLinks.open(board.hostPort.toString(), 115200);
        repl = new RawRepl(host, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        board.close();
    }

    /** usslclient.py as the article prints it: from its first import to its last print. */
    static String seedScript(int port) throws Exception {
        String article = Files.readString(Peers.sharedDir().toPath().resolve("seeds/micropython-tls-wireshark.txt"));
        int start = article.indexOf("import usocket,ussl");
        String last = "print(\"Received: \" + received)";
        String script = article.substring(start, article.indexOf(last, start) + last.length()) + "\n";
        String original = "HOST, PORT = \"192.168.11.1\", 12345";
        assertTrue(script.contains(original), "the seed's HOST/PORT line moved");
        return script.replace(original, "HOST, PORT = \"127.0.0.1\", " + port);
    }

    @Test
    void seedClientRunsUnmodifiedAgainstTheSeedServer() throws Exception {
        TestPki.KeyPair keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
        try (SeedServer server = SeedServer.start(dir, keys, "DEFAULT:kRSA")) {
            ExecResult r = repl.exec(seedScript(server.port()), Duration.ofSeconds(20), null);
            assertEquals("", r.stderr());
            assertEquals("Sent:     Hello Python TLS/SSL Server!\r\nReceived: HELLO PYTHON TLS/SSL SERVER!\r\n", r.stdout());
        }
    }

    @Test
    void theServerSeesTheExactEsp8266ClientHello() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> hello = CompletableFuture.supplyAsync(() -> firstRecord(listener));
            ExecResult r = repl.exec(seedScript(listener.getLocalPort()), Duration.ofSeconds(20), null);
            byte[] sent = hello.get(10, TimeUnit.SECONDS);
            long uptime = (sent[UPTIME_AT] & 0xffL) << 24 | (sent[UPTIME_AT + 1] & 0xff) << 16
                    | (sent[UPTIME_AT + 2] & 0xff) << 8 | sent[UPTIME_AT + 3] & 0xff;
            assertTrue(uptime < 60, "the random starts with seconds since the board booted, got " + uptime);
            Arrays.fill(sent, UPTIME_AT, UPTIME_AT + 4 + 28, (byte) 0);
            assertArrayEquals(HexFormat.of().parseHex(REFERENCE_HELLO), sent, () -> HexFormat.of().formatHex(sent));
            // The listener hung up after the hello: wrap_socket (line 13 of the script) fails as axTLS does.
            assertTrue(r.stderr().endsWith("OSError: (-256, 'CONN_LOST')\r\n"), r.stderr());
            assertTrue(r.stderr().contains("File \"<stdin>\", line 13, in <module>"), r.stderr());
        }
    }

    private static byte[] firstRecord(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(5);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(header);
            all.writeBytes(in.readNBytes((header[3] & 0xff) << 8 | header[4] & 0xff));
            return all.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
