package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.upy.UpyBoard;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssl.wrap_socket in a program on MicroPython's own VM sends the very ClientHello of the golden
 * reference (ClientHelloGoldenTest): the board's modules reach the same axTLS profile.
 */
class VmWrapSocketHelloTest {

    @TempDir
    Path tmp;

    @Test
    void wrapSocketOnTheVmSendsTheGoldenHello() throws Exception {
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs")); HelloCatcher catcher = new HelloCatcher()) {
            String out = board.run("""
                    import socket, ssl
                    s = socket.socket()
                    s.connect(('127.0.0.1', %d))
                    try:
                        ssl.wrap_socket(s, server_hostname='esp.local')
                    except OSError as e:
                        print(e)
                    """.formatted(catcher.port()));
            // The catcher hangs up after the hello: the board's error for a connection lost mid-handshake.
            assertEquals("(-256, 'CONN_LOST')\n", out);
            byte[] sent = catcher.firstRecord();
            byte[] expected = Hex.parse(ClientHelloGoldenTest.WITH_SNI);
            int uptime = (sent[11] & 0xff) << 24 | (sent[12] & 0xff) << 16 | (sent[13] & 0xff) << 8 | sent[14] & 0xff;
            assertTrue(uptime >= 0 && uptime < 600, "the random starts with the seconds since boot: " + uptime);
            Arrays.fill(sent, 11, ClientHelloGoldenTest.RANDOM_TAIL + 28, (byte) 0);
            Arrays.fill(expected, 11, 15, (byte) 0);
            assertArrayEquals(expected, sent, () -> "sent " + Hex.of(sent));
        }
    }
}
