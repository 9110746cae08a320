package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulated board against the real openssl s_server (OpenSSL 3.0 here). */
class EmulatedEsp8266OpenSslTest {

    static final Pattern ACCEPT = Pattern.compile("^ACCEPT .*:(\\d+)$");

    @TempDir
    static Path dir;
    static TestPki.KeyPair server;

    @BeforeAll
    static void keys() throws Exception {
        server = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    static PeerProcess sServer(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("openssl"), "s_server", "-accept", "127.0.0.1:0",
                "-cert", server.cert().toString(), "-key", server.key().toString(), "-rev"));
        cmd.addAll(List.of(args));
        return PeerProcess.start(dir, cmd);
    }

    static Socket connect(int port) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void kRsaOnlyServerNegotiatesAes128Sha() throws Exception {
        try (PeerProcess p = sServer("-tls1_2", "-cipher", "kRSA")) {
            assertExchange(Integer.parseInt(p.await(ACCEPT, 10_000).group(1)));
        }
    }

    @Test
    void defaultServerNegotiatesTls12Aes128Sha() throws Exception {
        try (PeerProcess p = sServer()) {
            assertExchange(Integer.parseInt(p.await(ACCEPT, 10_000).group(1)));
        }
    }

    @Test
    void ecdheOnlyServerRefusesTheBoardWithHandshakeFailure() throws Exception {
        try (PeerProcess p = sServer("-tls1_2", "-cipher", "ECDHE")) {
            int port = Integer.parseInt(p.await(ACCEPT, 10_000).group(1));
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
            try (Socket s = connect(port)) {
                AxtlsException e = assertThrows(AxtlsException.class, () -> board.wrap(s, null));
                assertEquals("OSError: -40", e.boardLine());
                assertEquals(-40, e.code());
            }
        }
    }

    @Test
    void tls13OnlyServerRefusesTheBoardWithProtocolVersion() throws Exception {
        try (PeerProcess p = sServer("-tls1_3")) {
            int port = Integer.parseInt(p.await(ACCEPT, 10_000).group(1));
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
            try (Socket s = connect(port)) {
                AxtlsException e = assertThrows(AxtlsException.class, () -> board.wrap(s, null));
                assertEquals("OSError: -70", e.boardLine());
                assertEquals(true, e.plainWords().contains("it speaks TLS 1.3 only, the board TLS 1.2 only"), e.plainWords());
            }
        }
    }

    static void assertExchange(int port) throws Exception {
        EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
        try (Socket s = connect(port); UsslSocket tls = board.wrap(s, null)) {
            assertEquals("TLSv1.2", tls.protocol());
            assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", tls.cipherSuite());
            tls.write("Hello Python TLS/SSL Server!\n".getBytes(StandardCharsets.UTF_8));
            // s_server -rev answers each line reversed.
            assertEquals("!revreS LSS/SLT nohtyP olleH\n", new String(tls.readline(), StandardCharsets.UTF_8));
        }
    }
}
