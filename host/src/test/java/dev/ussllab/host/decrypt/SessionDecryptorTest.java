package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ussllab.host.pcap.TcpConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections the decryptor must classify without a handshake to go on. */
class SessionDecryptorTest {

    private static TcpConnection conn(byte[] clientBytes) {
        InetSocketAddress c = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);
        InetSocketAddress s = new InetSocketAddress(InetAddress.getLoopbackAddress(), 443);
        return new TcpConnection(c, s, 0, List.of(new TcpConnection.Chunk(1, true, clientBytes),
                new TcpConnection.Chunk(2, false, new byte[] {23, 3, 3, 0, 1, 0})), false, 0);
    }

    /**
     * The reasons are the issue's words, letter for letter: the other tests compare with these
     * constants, so a rewording there would pass them and still break the promise.
     */
    @Test
    void refusalReasonsAreTheIssuesWords() {
        assertEquals("ECDHE key exchange is forward secret: the RSA key cannot decrypt it; supply a key log",
                CipherSuite.KeyExchange.ECDHE + SessionDecryptor.FORWARD_SECRET);
        assertEquals("resumed session: the full handshake is not in this capture", SessionDecryptor.RESUMED);
        assertEquals("the key does not match the server certificate", SessionDecryptor.KEY_MISMATCH);
    }

    @Test
    void aCaptureStartedMidSessionSaysSo() {
        // An application_data record header (type 23, version 0303): TLS, but no ClientHello.
        SessionReport r = new SessionDecryptor(new KeyLog(), null).analyze(conn(new byte[] {23, 3, 3, 0, 2, 9, 9}));
        assertEquals(SessionDecryptor.MID_SESSION, r.reason());
        assertEquals("unknown", r.protocol());
    }

    @Test
    void lostBytesAreNotedInTheReport() {
        TcpConnection c = conn(new byte[] {23, 3, 3, 0, 2, 9, 9});
        TcpConnection gappy = new TcpConnection(c.client(), c.server(), 0, c.chunks(), false, 1460);
        SessionReport r = new SessionDecryptor(new KeyLog(), null).analyze(gappy);
        assertEquals(1460, r.missingBytes());
    }

    @Test
    void plainTextIsNotTls() {
        assertNull(new SessionDecryptor(new KeyLog(), null).analyze(conn("GET / HTTP/1.1\r\n\r\n".getBytes())));
    }

    @Test
    void aClientHelloWithoutAnswerSaysTheServerNeverAnswered() {
        byte[] hello = DecryptBenchmarkTest.clientHello(new byte[32]);
        TcpConnection c = new TcpConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 443), 0,
                List.of(new TcpConnection.Chunk(1, true, hello)), false, 0);
        SessionReport r = new SessionDecryptor(new KeyLog(), null).analyze(c);
        assertEquals("no ServerHello in this capture: the server never answered", r.reason());
    }
}
