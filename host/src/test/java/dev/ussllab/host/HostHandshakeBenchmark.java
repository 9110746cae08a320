package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential TLS 1.2 RSA-key-exchange connections per second (openssl s_time, one request and
 * reply each) against the host and, for scale, against openssl s_server with the same key. Prints
 * the figures; asserts only that every connection worked. Long: ~25 s.
 */
@Tag("long")
class HostHandshakeBenchmark {

    private static final int SECONDS = 5;
    private static final Pattern REAL = Pattern.compile("(\\d+) connections in (\\d+) real seconds");

    @TempDir
    Path dir;

    @Test
    void connectionsPerSecondAgainstHostAndOpenssl() throws Exception {
        String openssl = Peers.require("openssl");
        try (RunningHost host = new RunningHost(dir, CipherPolicy.KRSA)) {
            sTime(openssl, host.port()); // warm-up: JIT and the first RSA operations
            int ours = sTime(openssl, host.port());
            int port = freePort();
            Process server = new ProcessBuilder(openssl, "s_server", "-accept", String.valueOf(port), "-key",
                    host.key.toString(), "-cert", host.cert.toString(), "-www", "-tls1_2", "-quiet")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Thread.sleep(500);
                int theirs = sTime(openssl, port);
                System.out.printf("TLS 1.2 AES128-SHA sequential connections/s (s_time, %d s): ussl-lab host %d, openssl s_server %d%n",
                        SECONDS, ours / SECONDS, theirs / SECONDS);
            } finally {
                server.destroyForcibly();
            }
            assertTrue(ours > 0);
        }
    }

    private int sTime(String openssl, int port) {
        Proc p = Proc.run(dir.toFile(), null, SECONDS + 20, openssl, "s_time", "-connect", "127.0.0.1:" + port,
                "-new", "-time", String.valueOf(SECONDS), "-cipher", "AES128-SHA", "-www", "/");
        Matcher m = REAL.matcher(p.out);
        assertTrue(m.find(), p.toString());
        return Integer.parseInt(m.group(1));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
