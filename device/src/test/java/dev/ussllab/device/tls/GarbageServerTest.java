package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the wire: whatever a broken server sends, the board fails with one of its own errors
 * (never a runtime exception, never a hang past the socket timeout). Seeded, so a failure repeats.
 */
class GarbageServerTest {

    /** Every line the board may print for a broken peer. */
    static final Pattern BOARD_LINE = Pattern.compile("OSError: (-\\d+|\\(-\\d+, '[A-Z_]+'\\)|\\[Errno \\d+\\] [A-Z]+)");

    @Test
    void randomBytesAndRandomRecordsAreBoardErrors() throws Exception {
        fuzz(40);
    }

    @Tag("long")
    @Test
    void manyMoreSeeds() throws Exception {
        fuzz(2000);
    }

    static void fuzz(int rounds) throws Exception {
        EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int seed = 0; seed < rounds; seed++) {
                byte[] answer = answer(new Random(seed));
                Thread t = new Thread(() -> answerOnce(server, answer), "garbage-server");
                t.setDaemon(true);
                t.start();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    s.setSoTimeout(2000);
                    int round = seed;
                    AxtlsException e = assertThrows(AxtlsException.class, () -> board.wrap(s, null),
                            () -> "seed " + round + " answer " + Hex.of(answer));
                    assertTrue(BOARD_LINE.matcher(e.boardLine()).matches(), "seed " + seed + ": " + e.boardLine());
                    assertTrue(!e.plainWords().isBlank());
                }
                t.join(5000);
            }
        }
    }

    /** Half the time pure noise, half a plausible handshake record header followed by noise. */
    static byte[] answer(Random r) {
        byte[] noise = new byte[1 + r.nextInt(300)];
        r.nextBytes(noise);
        if (r.nextBoolean()) {
            noise[0] = 0x16;
            if (noise.length > 2) {
                noise[1] = 0x03;
                noise[2] = 0x03;
            }
            if (noise.length > 4) {
                int len = r.nextInt(noise.length);
                noise[3] = (byte) (len >>> 8);
                noise[4] = (byte) len;
            }
            if (noise.length > 5) {
                noise[5] = (byte) r.nextInt(25); // a handshake type, server_hello (2) among them
            }
        }
        return noise;
    }

    static void answerOnce(ServerSocket server, byte[] answer) {
        try (Socket c = server.accept()) {
            c.setSoTimeout(2000);
            c.getInputStream().read(new byte[512]);
            c.getOutputStream().write(answer);
            c.getOutputStream().flush();
        } catch (IOException e) {
            // the client gave up first: fine
        }
    }
}
