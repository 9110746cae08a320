package dev.ussllab.profile.keylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same session keyed by both sides: BC (through BcSecrets and KeyLogFile) and openssl
 * (-keylogfile). Both must log exactly the same lines; order is each library's own.
 */
class BcSecretsTest {

    private static final int TIMEOUT_MS = 10_000;

    @TempDir
    static Path dir;

    static String openssl;

    @BeforeAll
    static void keys() throws Exception {
        openssl = Peers.require("openssl");
        Process p = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=localhost", "-days", "2").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req failed");
    }

    private static ProtocolVersion version(String v) {
        return "TLSv1.3".equals(v) ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void bcClientLogsWhatOpensslServerLogs(String v) throws Exception {
        Path ours = dir.resolve("client-" + v + ".log");
        Path theirs = dir.resolve("s_server-" + v + ".log");
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
                "-keylogfile", theirs.toString()));
        cmd.addAll(OpensslProcess.tlsVersionFlag(v));
        int[] port = new int[1];
        try (OpensslProcess server = OpensslProcess.server(cmd, port);
                KeyLogFile log = KeyLogFile.open(ours);
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port[0]), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            TlsClientProtocol tls = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
            tls.connect(new BcTestPeers.Client(log, version(v)));
            tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            tls.close();
            assertTrue(server.waitFor(10), "s_server did not exit after one connection");
        }
        assertSameLines(theirs, ours, v);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ours)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void bcServerLogsWhatOpensslClientLogs(String v) throws Exception {
        Path ours = dir.resolve("server-" + v + ".log");
        Path theirs = dir.resolve("s_client-" + v + ".log");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                KeyLogFile log = KeyLogFile.open(ours)) {
            listener.setSoTimeout(TIMEOUT_MS);
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), "-keylogfile", theirs.toString()));
            cmd.addAll(OpensslProcess.tlsVersionFlag(v));
            File out = dir.resolve("s_client-" + v + ".out").toFile();
            try (OpensslProcess client = new OpensslProcess(cmd, out); Socket s = listener.accept()) {
                s.setSoTimeout(TIMEOUT_MS);
                TlsServerProtocol tls = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
                tls.accept(new BcTestPeers.Server(log, version(v), dir.resolve("cert.pem"), dir.resolve("key.pem")));
                OutputStream stdin = client.process.getOutputStream();
                stdin.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                InputStream in = tls.getInputStream();
                byte[] buf = new byte[5];
                int n = 0;
                while (n < buf.length) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                assertEquals("ping\n", new String(buf, 0, n, StandardCharsets.US_ASCII));
                stdin.close(); // s_client closes the connection at end of input
                assertTrue(client.waitFor(10), "s_client did not exit");
            }
        }
        assertSameLines(theirs, ours, v);
    }

    private static void assertSameLines(Path openssl, Path ours, String v) throws IOException {
        TreeSet<String> expected = lines(openssl);
        TreeSet<String> actual = lines(ours);
        assertEquals("TLSv1.3".equals(v) ? 5 : 1, expected.size(), "openssl logged " + expected);
        assertEquals(expected, actual);
    }

    private static TreeSet<String> lines(Path p) throws IOException {
        TreeSet<String> set = new TreeSet<>();
        for (String l : Files.readAllLines(p)) {
            if (!l.isBlank() && !l.startsWith("#")) {
                set.add(l.trim());
            }
        }
        return set;
    }
}
