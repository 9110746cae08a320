package dev.ussllab.tools.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The emulated board running MicroPython, driven through `ussl-lab board`, against our upper-case
 * host: the seed's own usslclient.py file, and tls-client compared with `ussl-lab device`.
 */
@Timeout(120)
class BoardAgainstHostTest {

    /**
     * The ESP8266 ClientHello handshake message without SNI, from shared/reference/
     * esp8266-ussl-profile.md (axTLS 531cab9c, captured), uptime and random bytes zeroed.
     */
    static final String REFERENCE_HELLO_MESSAGE = "0100003f" + "0303" + "00".repeat(32) + "00"
            + "0008002f003c0035003d" + "0100" + "000e" + "000d000a00080601050104010201";
    /** Handshake header 4 + client_version 2: then 4 uptime bytes and 28 random bytes. */
    static final int RANDOM_AT = 6;

    @TempDir
    Path dir;
    private EmulatedBoardPty board;
    private KeyMaterial keys;

    @BeforeEach
    void start() throws Exception {
        board = new EmulatedBoardPty(dir, true);
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        keys = KeyMaterial.load(dir.resolve("key.pem"), dir.resolve("cert.pem"));
    }

    @AfterEach
    void stop() throws Exception {
        board.close();
    }

    @Test
    void theSeedsOwnScriptFileRunsAndTheHostSeesTheExactHello() throws Exception {
        BlockingQueue<ConnectionRecord> records = new LinkedBlockingQueue<>();
        try (UpperCaseServer host = UpperCaseServer.start(keys,
                new HostOptions().port(0).policy(CipherPolicy.KRSA).listener(records::add))) {
            String article = Files.readString(Peers.sharedDir().toPath().resolve("seeds/micropython-tls-wireshark.txt"));
            int from = article.indexOf("import usocket,ussl");
            String end = "print(\"Received: \" + received)";
            String script = article.substring(from, article.indexOf(end, from) + end.length()) + "\n";
            Path file = Files.writeString(dir.resolve("usslclient.py"),
                    script.replace("\"192.168.11.1\", 12345", "\"127.0.0.1\", " + host.port()));
            Cli r = Cli.run("board", "--port", board.port, "run", file.toString());
            assertEquals(0, r.exitCode, r::toString);
            assertEquals("Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n", r.out);
            ConnectionRecord seen = records.poll(10, TimeUnit.SECONDS);
            assertNotNull(seen, "the host saw no connection");
            byte[] hello = seen.clientHello();
            Arrays.fill(hello, RANDOM_AT, RANDOM_AT + 32, (byte) 0);
            assertArrayEquals(HexFormat.of().parseHex(REFERENCE_HELLO_MESSAGE), hello, () -> HexFormat.of().formatHex(hello));
            assertEquals("771,47-60-53-61,13,,", seen.ja3Text());
            assertEquals("TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA", seen.protocol() + " " + seen.cipherSuiteName());
        }
    }

    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void tlsClientPrintsWhatDevicePrints(CipherPolicy policy) throws Exception {
        try (UpperCaseServer host = UpperCaseServer.start(keys, new HostOptions().port(0).policy(policy))) {
            String port = String.valueOf(host.port());
            Cli device = Cli.run("device", "--host", "127.0.0.1", "--port", port);
            Cli onBoard = Cli.run("board", "--port", board.port, "tls-client", "--host", "127.0.0.1", "--port", port);
            assertEquals(device.out, onBoard.out, onBoard::toString);
            assertEquals(device.exitCode, onBoard.exitCode);
            assertTrue(onBoard.out.startsWith(policy == CipherPolicy.MODERN ? "OSError: -40" : "Sent:"), onBoard.out);
        }
    }
}
