package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.PeerProcess;
import dev.ussllab.testsupport.peers.TestPki;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board's 5115-byte receive limit against openssl s_server sending a certificate chain
 * (-cert_chain): OpenSSL puts the Certificate message in a record of its own, whose length is
 * 4 (handshake header) + 3 (list length) + the sum of (3 + DER length) over the certificates.
 */
class RecordOverflowTest {

    @TempDir
    static Path dir;
    static TestPki.KeyPair leaf;
    static List<Path> rsaFillers = new ArrayList<>();
    static Path ecFiller;

    @BeforeAll
    static void certificates() throws Exception {
        leaf = TestPki.selfSigned(dir, "leaf", 2048, "/CN=localhost");
        for (int i = 0; i < 6; i++) {
            rsaFillers.add(TestPki.selfSigned(dir, "filler" + i, 2048, "/CN=filler" + i).cert());
        }
        ecFiller = dir.resolve("ec.pem");
        TestPki.run(List.of(Peers.require("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=ec",
                "-keyout", dir.resolve("ec.key").toString(), "-out", ecFiller.toString()));
    }

    @Test
    void certificateRecordOver5115BytesFailsWithTheBoardsOverflow() throws Exception {
        List<Path> chain = rsaFillers.subList(0, 6);
        int size = certificateRecordLength(chain);
        assertTrue(size > 5115, "precondition: " + size);
        AxtlsException e = assertThrows(AxtlsException.class, () -> handshakeWithChain(chain));
        assertEquals("TLS buffer overflow, record size: " + size + " (+5)", e.consoleLine());
        assertEquals("OSError: (-257, 'RECORD_OVERFLOW')", e.boardLine());
        assertEquals(-257, e.code());
        assertTrue(e.plainWords().contains("a " + size + "-byte record; the board receives at most 5115 bytes"),
                e.plainWords());
    }

    @Test
    void certificateRecordOfAbout5000BytesWorks() throws Exception {
        List<Path> chain = new ArrayList<>(rsaFillers.subList(0, 5));
        chain.add(ecFiller);
        int size = certificateRecordLength(chain);
        assertTrue(size > 4900 && size <= 5115, "precondition: " + size);
        assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", handshakeWithChain(chain));
    }

    static String handshakeWithChain(List<Path> chain) throws Exception {
        Path chainFile = Files.createTempFile(dir, "chain", ".pem");
        for (Path c : chain) {
            Files.writeString(chainFile, Files.readString(c), java.nio.file.StandardOpenOption.APPEND);
        }
        try (PeerProcess p = PeerProcess.start(dir, List.of(Peers.require("openssl"), "s_server",
                "-accept", "127.0.0.1:0", "-cert", leaf.cert().toString(), "-key", leaf.key().toString(),
                "-cert_chain", chainFile.toString(), "-rev"))) {
            int port = Integer.parseInt(p.await(EmulatedEsp8266OpenSslTest.ACCEPT, 10_000).group(1));
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5000);
                try (UsslSocket tls = board.wrap(s, null)) {
                    tls.write("ok\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("ko\n", new String(tls.readline(), StandardCharsets.US_ASCII));
                    return tls.cipherSuite();
                }
            }
        }
    }

    static int certificateRecordLength(List<Path> chain) throws Exception {
        int length = 4 + 3 + 3 + der(leaf.cert());
        for (Path c : chain) {
            length += 3 + der(c);
        }
        return length;
    }

    static int der(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded().length;
        }
    }
}
