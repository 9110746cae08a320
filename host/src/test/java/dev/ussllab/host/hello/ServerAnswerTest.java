package dev.ussllab.host.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the ESP8266 reference hello to the servers of the reference's "Against servers" table
 * and reads their answers: the same rows must come out.
 */
class ServerAnswerTest {

    /** shared/reference/esp8266-ussl-profile.md byte layout, random 0000002a + 01..1c. */
    private static final byte[] ESP8266 = HexFormat.of().parseHex("1603030043" + "0100003f" + "0303" + "0000002a"
            + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c" + "00" + "0008002f003c0035003d" + "0100"
            + "000e" + "000d000a00080601050104010201");
    private static final int TIMEOUT_MS = 10_000;

    @TempDir
    static Path dir;

    private static TestPki.KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    @Test
    void opensslDefaultServerPicksAes128Sha() throws Exception {
        ServerAnswer a = opensslServer(List.of());
        assertEquals(new ServerAnswer(0x0303, 0x002f, -1, false), a);
    }

    @Test
    void opensslKrsaServerPicksTheClientsFirst() throws Exception {
        assertEquals(0x002f, opensslServer(List.of("-tls1_2", "-cipher", "kRSA")).suite());
    }

    @Test
    void pythonServerWithKrsaPicksAes256Sha256() throws Exception {
        ServerAnswer a = pythonServer("c.set_ciphers('DEFAULT:kRSA')\n");
        assertEquals(0x0303, a.version());
        assertEquals(0x003d, a.suite(), "reference: Python 3.11 with DEFAULT:kRSA -> AES256-SHA256");
    }

    @Test
    void pythonDefaultServerRefusesWithHandshakeFailure() throws Exception {
        ServerAnswer a = pythonServer("");
        assertFalse(a.accepted());
        assertEquals(40, a.alert(), "handshake_failure: the board then prints OSError: -40");
    }

    @Test
    void recognisesAHelloRetryRequestAndTheSupportedVersionsExtension() throws Exception {
        // A TLS 1.3 HelloRetryRequest as RFC 8446 4.1.3 lays it out: legacy version 0303, the special
        // random, empty session id, TLS_AES_128_GCM_SHA256, null compression, supported_versions 0304.
        byte[] hrr = HexFormat.of().parseHex("0303"
                + "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c" + "00" + "1301" + "00"
                + "0006" + "002b00020304");
        byte[] record = HexFormat.of().parseHex("16030300" + String.format("%02x", hrr.length + 4)
                + "020000" + String.format("%02x", hrr.length) + HexFormat.of().formatHex(hrr));
        ServerAnswer a = ServerAnswer.read(new ByteArrayInputStream(record));
        assertEquals(new ServerAnswer(0x0304, 0x1301, -1, true), a);
    }

    private ServerAnswer opensslServer(List<String> extra) throws Exception {
        int port = freePort();
        List<String> cmd = new java.util.ArrayList<>(List.of(Peers.require("openssl"), "s_server",
                "-accept", "127.0.0.1:" + port, "-key", keys.key().toString(), "-cert", keys.cert().toString(),
                "-naccept", "1"));
        cmd.addAll(extra);
        try (PeerProcess server = PeerProcess.start(dir, cmd)) {
            server.await(Pattern.compile("ACCEPT"), TIMEOUT_MS);
            return ServerAnswer.probe(new InetSocketAddress("127.0.0.1", port), ESP8266, TIMEOUT_MS);
        }
    }

    private ServerAnswer pythonServer(String configure) throws Exception {
        String script = "import socket,ssl\n"
                + "c=ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
                + "c.load_cert_chain('" + keys.cert() + "','" + keys.key() + "')\n"
                + configure
                + "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(1)\n"
                + "print('READY', s.getsockname()[1], flush=True)\n"
                + "a,_=s.accept(); a.settimeout(10)\n"
                + "try: c.wrap_socket(a, server_side=True)\n"
                + "except (ssl.SSLError, OSError) as e: print('ERR', e, flush=True)\n";
        try (PeerProcess server = PeerProcess.start(dir, List.of(Peers.require("python3"), "-c", script))) {
            int port = Integer.parseInt(server.await(Pattern.compile("READY (\\d+)"), TIMEOUT_MS).group(1));
            ServerAnswer a = ServerAnswer.probe(new InetSocketAddress("127.0.0.1", port), ESP8266, TIMEOUT_MS);
            return a;
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
