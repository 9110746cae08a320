package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record sizes, key usage and key logging of the emulated board, against openssl s_server. */
class BoardBehaviourTest {

    /** TLS 1.2 record content types (RFC 5246 6.2.1). */
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    @TempDir
    static Path dir;
    static TestPki.KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TestPki.selfSigned(dir, "server", 2048, "/CN=localhost");
    }

    static PeerProcess sServer(TestPki.KeyPair k, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("openssl"), "s_server", "-accept", "127.0.0.1:0",
                "-cert", k.cert().toString(), "-key", k.key().toString(), "-rev"));
        cmd.addAll(List.of(extra));
        return PeerProcess.start(dir, cmd);
    }

    static int port(PeerProcess p) throws InterruptedException {
        return Integer.parseInt(p.await(EmulatedEsp8266OpenSslTest.ACCEPT, 10_000).group(1));
    }

    static Socket connect(int port) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void writesGoOutInRecordsOfAtMost1024PlaintextBytesAndTheFirstRecordIs0x0303() throws Exception {
        try (PeerProcess p = sServer(keys); RecordRelay relay = new RecordRelay(port(p))) {
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), null);
            byte[] line = ("x".repeat(2999) + "\n").getBytes(StandardCharsets.US_ASCII);
            try (Socket s = connect(relay.port()); UsslSocket tls = board.wrap(s, null)) {
                tls.write(line);
                assertEquals(3000, tls.readline().length);
            }
            List<RecordRelay.Header> records = relay.clientRecords();
            assertEquals(new RecordRelay.Header(HANDSHAKE, 0x0303, 0x43), records.get(0));
            List<Integer> appData = records.stream().filter(h -> h.type() == APPLICATION_DATA)
                    .map(RecordRelay.Header::length).toList();
            // AES-128-CBC-SHA in TLS 1.2: 16-byte explicit IV + plaintext + 20-byte MAC + padding to 16.
            assertEquals(List.of(cbcSha1(1024), cbcSha1(1024), cbcSha1(952)), appData.subList(0, 3));
        }
    }

    static int cbcSha1(int plaintext) {
        return 16 + ((plaintext + 20) / 16 + 1) * 16;
    }

    @Test
    void readOfNWaitsAcrossRecordsUntilNBytes() throws Exception {
        try (PeerProcess p = sServer(keys)) {
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), null);
            try (Socket s = connect(port(p)); UsslSocket tls = board.wrap(s, null)) {
                tls.write("ab\n".getBytes(StandardCharsets.US_ASCII));
                tls.write("cd\n".getBytes(StandardCharsets.US_ASCII));
                // s_server -rev answers each line in its own record; read(6) returns only with both.
                assertEquals("ba\ndc\n", new String(tls.read(6), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void acceptsACertificateWithoutKeyEnciphermentAsAxtlsDoes() throws Exception {
        TestPki.KeyPair signOnly = TestPki.selfSigned(dir, "signonly", 2048, "/CN=signonly",
                "-addext", "keyUsage=critical,digitalSignature");
        try (PeerProcess p = sServer(signOnly, "-tls1_2", "-cipher", "kRSA")) {
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), null);
            try (Socket s = connect(port(p)); UsslSocket tls = board.wrap(s, "any.name.at.all")) {
                tls.write("abc\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("cba\n", new String(tls.readline(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void theSameCertificateIsRefusedWhenKeyUsageIsChecked() throws Exception {
        TestPki.KeyPair signOnly = TestPki.selfSigned(dir, "signonly2", 2048, "/CN=signonly",
                "-addext", "keyUsage=critical,digitalSignature");
        try (PeerProcess p = sServer(signOnly, "-tls1_2", "-cipher", "kRSA")) {
            EmulatedEsp8266 strict = new EmulatedEsp8266(
                    Profiles.esp8266().toBuilder("strict").checkKeyUsage(true).build(), null);
            try (Socket s = connect(port(p))) {
                AxtlsException e = org.junit.jupiter.api.Assertions.assertThrows(AxtlsException.class,
                        () -> strict.wrap(s, null));
                // bctls 1.84 raises internal_error from JcaTlsCertificate.validateKeyUsageBit here.
                assertTrue(Arrays.stream(e.getCause().getStackTrace())
                        .anyMatch(f -> f.getMethodName().equals("validateKeyUsageBit")), e::toString);
            }
        }
    }

    @Test
    void keyLogLineEqualsWhatOpensslLogsForTheSameSession() throws Exception {
        Path opensslLog = dir.resolve("openssl-keys.log");
        List<String> ours = new ArrayList<>();
        try (PeerProcess p = sServer(keys, "-keylogfile", opensslLog.toString())) {
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(),
                    (label, random, secret) -> ours.add(label + " " + HexFormat.of().formatHex(random) + " "
                            + HexFormat.of().formatHex(secret)));
            try (Socket s = connect(port(p)); UsslSocket tls = board.wrap(s, null)) {
                tls.write("k\n".getBytes(StandardCharsets.US_ASCII));
                tls.readline();
            }
        }
        List<String> theirs = Files.readAllLines(opensslLog).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(1, ours.size());
        assertEquals(theirs, ours);
        assertTrue(ours.get(0).startsWith("CLIENT_RANDOM 00000000"), "a fresh board's uptime is 0 s: " + ours);
    }
}
