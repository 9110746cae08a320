package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.RandomPrefix;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firmware profile that exists only in this test (server_name before signature_algorithms, the
 * SCSV, two suites in another order, BC's 0x0301 first record, a fully random random) runs on the
 * unchanged client code: the hello on the wire follows it, and a real server accepts it.
 */
class SecondProfileTest {

    static final TlsClientProfile OTHER_FIRMWARE = Profiles.esp8266().toBuilder("test-other-firmware")
            .description("an imaginary firmware, defined only in this test")
            .cipherSuites(CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256, CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA)
            .signatureAlgorithms(0x0401)
            .extensionOrder(ExtensionType.server_name, ExtensionType.signature_algorithms)
            .scsv(true)
            .firstRecordVersion(0x0301)
            .randomPrefix(RandomPrefix.RANDOM)
            .build();

    /** Built by hand from RFC 5246 7.4.1.2 and RFC 6066 3 for the profile above, random zeroed. */
    static final String HELLO = """
            16 03 01 00 4a                      # BC's own first-record version
            01 00 00 46
            03 03
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00
            00 06 00 3d 00 2f 00 ff             # the two suites, then TLS_EMPTY_RENEGOTIATION_INFO_SCSV
            01 00
            00 17
            00 00 00 0b 00 09 00 00 06 62 6f 61 72 64 32   # server_name "board2" first
            00 0d 00 04 00 02 04 01             # then signature_algorithms: rsa+sha256 only
            """;

    @TempDir
    Path dir;

    @Test
    void helloFollowsTheTestOnlyProfile() throws Exception {
        EmulatedEsp8266 board = new EmulatedEsp8266(OTHER_FIRMWARE, KeyLogSink.NONE);
        try (HelloCatcher catcher = new HelloCatcher(); Socket s = catcher.connect()) {
            org.junit.jupiter.api.Assertions.assertThrows(AxtlsException.class, () -> board.wrap(s, "board2"));
            byte[] sent = catcher.firstRecord();
            Arrays.fill(sent, 11, 43, (byte) 0);
            assertArrayEquals(Hex.parse(HELLO), sent, () -> Hex.of(sent));
        }
    }

    @Test
    void aRealServerAcceptsItAndFollowsItsSuiteOrder() throws Exception {
        TestPki.KeyPair keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
        try (PeerProcess p = PeerProcess.start(dir, List.of(Peers.require("openssl"), "s_server",
                "-accept", "127.0.0.1:0", "-cert", keys.cert().toString(), "-key", keys.key().toString(), "-rev"))) {
            int port = Integer.parseInt(p.await(EmulatedEsp8266OpenSslTest.ACCEPT, 10_000).group(1));
            EmulatedEsp8266 board = new EmulatedEsp8266(OTHER_FIRMWARE, KeyLogSink.NONE);
            try (Socket s = EmulatedEsp8266OpenSslTest.connect(port); UsslSocket tls = board.wrap(s, "board2")) {
                assertEquals("TLS_RSA_WITH_AES_256_CBC_SHA256", tls.cipherSuite());
                tls.write("2\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("2\n", new String(tls.readline(), StandardCharsets.US_ASCII));
            }
        }
    }
}
