package dev.ussllab.tools.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HelloCommandTest {

    private static final int TIMEOUT_S = 15;

    @Test
    void printsAnOpensslHelloDecodedAndStopsAfterCount() throws Exception {
        String openssl = Peers.require("openssl");
        try (Background b = new Background("hello", "--listen", "127.0.0.1:0", "--count", "2")) {
            String port = b.await("listening on 127\\.0\\.0\\.1:(\\d+)", TIMEOUT_S);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
                s.getOutputStream().write(new byte[] {0x16, 3, 1, 0, 4, 9, 9, 9, 9}); // not a client_hello
                s.setSoTimeout(TIMEOUT_S * 1000);
                assertEquals(-1, s.getInputStream().read());
            }
            run(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-servername", "board.local",
                    "-tls1_2", "-cipher", "kRSA:ECDHE", "-alpn", "h2");
            run(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3");
            assertEquals(0, b.join(TIMEOUT_S), b.toString());
            String out = b.out();
            assertTrue(out.contains("client_version      0x0303 (TLS 1.2)"), out);
            assertTrue(out.contains("0x002F TLS_RSA_WITH_AES_128_CBC_SHA  [RSA key exchange]"), out);
            assertTrue(out.contains("0     server_name: host_name=board.local"), out);
            assertTrue(out.contains("16    application_layer_protocol_negotiation: h2"), out);
            assertTrue(out.matches("(?s).*JA3 MD5 +[0-9a-f]{32}\n.*"), out);
            assertTrue(out.matches("(?s).*JA4 +t12d\\d{4}h2_[0-9a-f]{12}_[0-9a-f]{12}\n.*"), out);
            assertTrue(out.contains("RSA-key decryption  yes, if the server picks one"), out);
            assertTrue(out.contains("supported_versions  TLS 1.3"), out);
            assertTrue(out.contains("RSA-key decryption  no: TLS 1.3 only"), out);
            assertTrue(b.err().contains("handshake type") && b.err().contains("not client_hello"), b.err());
        }
    }

    @Test
    void anUnreachableForwardTargetIsReportedPerConnection() throws Exception {
        String openssl = Peers.require("openssl");
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (Background b = new Background("hello", "--listen", "[::1]:0", "--forward", "127.0.0.1:" + closed,
                "--count", "1")) {
            String port = b.await("listening on \\[[0-9a-f:]+\\]:(\\d+); relaying to 127\\.0\\.0\\.1:" + closed, TIMEOUT_S);
            run(openssl, "s_client", "-connect", "[::1]:" + port);
            assertEquals(0, b.join(TIMEOUT_S), b.toString());
            assertTrue(b.out().contains("ClientHello from [0:0:0:0:0:0:0:1]:"), b.out());
            assertTrue(b.err().contains("could not forward to 127.0.0.1:" + closed
                    + ": Connection refused (the client got a handshake_failure alert"), b.err());
            assertEquals(1, b.err().lines().count(), b.err());
        }
    }

    @Test
    void aPortInUseIsExitOneWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("hello", "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(1, r.exitCode, r.toString());
            assertEquals(1, r.err.lines().count(), r.toString());
            assertTrue(r.err.contains("the port is in use"), r.err);
        }
    }

    @Test
    void badAddressesAreExitTwo() {
        Cli noPort = Cli.run("hello", "--listen", "127.0.0.1");
        assertEquals(2, noPort.exitCode, noPort.toString());
        assertTrue(noPort.err.contains("has no port"), noPort.err);
        Cli foreign = Cli.run("hello", "--listen", "192.0.2.7:4433"); // TEST-NET-1: never on this machine
        assertEquals(2, foreign.exitCode, foreign.toString());
        assertTrue(foreign.err.contains("192.0.2.7 is not on this machine"), foreign.err);
        Cli notLiteral = Cli.run("hello", "--listen", "999.1:4433"); // not an address: no DNS query for it either
        assertEquals(2, notLiteral.exitCode, notLiteral.toString());
        assertTrue(notLiteral.err.contains("'999.1' is not an IP address"), notLiteral.err);
        Cli badPort = Cli.run("hello", "--listen", "127.0.0.1:70000");
        assertEquals(2, badPort.exitCode);
        Cli missing = Cli.run("hello");
        assertEquals(2, missing.exitCode);
        assertTrue(missing.err.contains("--listen"), missing.err);
    }

    /** Relayed to its own listener, each hello would be read, reported and relayed again, until --max-connections. */
    @Test
    void forwardToItsOwnListeningAddressIsExitTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli self = Cli.run("hello", "--listen", "0.0.0.0:" + port, "--forward", "localhost:" + port);
        assertEquals(2, self.exitCode, self.toString());
        assertEquals(1, self.err.lines().count(), self.toString());
        assertTrue(self.err.contains("--forward 127.0.0.1:" + port + " is hello's own listening address (--listen 0.0.0.0:"
                + port + "): it would relay every connection to itself"), self.err);
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).redirectInput(new File("/dev/null")).start();
        try {
            assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), command[0] + " did not finish");
        } finally {
            p.destroyForcibly();
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
