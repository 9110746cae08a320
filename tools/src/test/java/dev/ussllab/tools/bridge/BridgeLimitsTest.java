package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.bridge.Bridge;
import dev.ussllab.host.bridge.BridgeOptions;
import dev.ussllab.host.bridge.SessionRecord;
import dev.ussllab.host.bridge.SessionRecord.Outcome;
import dev.ussllab.host.bridge.UpstreamTrust;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an idle or hostile board can cost: a silent one is cut at the deadline from accept, one
 * that sends endless handshake bytes is cut at the pre-handshake limit, one that speaks plain text
 * ends at once; none of them makes the bridge open an upstream connection.
 */
class BridgeLimitsTest {

    @TempDir
    Path dir;

    @Test
    void silentEndlessAndGarbageBoardsAreCutWithoutTouchingTheUpstream() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BlockingQueue<SessionRecord> records = new LinkedBlockingQueue<>();
            Bridge bridge = Bridge.start(new BridgeOptions()
                    .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .upstream("127.0.0.1", (InetSocketAddress) upstream.getLocalSocketAddress())
                    .trust(UpstreamTrust.insecure())
                    .boardKeys(BridgeHarness.boardKeys(dir))
                    .timeout(Duration.ofSeconds(1))
                    .listener(records::add));
            upstream.accept().close(); // the start-up check
            upstream.setSoTimeout(1);
            try {
                int port = bridge.address().getPort();
                try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    SessionRecord r = records.poll(10, TimeUnit.SECONDS);
                    assertEquals(Outcome.TIMEOUT, r.outcome(), r.logLine());
                    assertTrue(r.detail().equals("the board's handshake was not complete within 1 s (--timeout)"), r.logLine());
                    assertEquals(-1, silent.getInputStream().read(), "the bridge closed it");
                }
                try (Socket endless = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    OutputStream out = endless.getOutputStream();
                    // A ClientHello that claims 16 MB, sent as full handshake records.
                    byte[] record = new byte[5 + 16384];
                    record[0] = 0x16;
                    record[1] = 0x03;
                    record[2] = 0x03;
                    record[3] = 0x40;
                    record[5] = 0x01;
                    record[6] = (byte) 0xff;
                    record[7] = (byte) 0xff;
                    record[8] = (byte) 0xff;
                    try {
                        for (int i = 0; i < 8; i++) {
                            out.write(record);
                            record[5] = 0; // the rest continue the message
                        }
                    } catch (java.io.IOException cut) {
                        // the bridge stopped listening to it: expected
                    }
                    SessionRecord r = records.poll(10, TimeUnit.SECONDS);
                    assertTrue(r.outcome() == Outcome.REFUSED || r.outcome() == Outcome.BOARD_FAILED, r.logLine());
                    assertTrue(r.duration().toMillis() < 1000, "cut before the deadline: " + r.logLine());
                }
                try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    SessionRecord r = records.poll(10, TimeUnit.SECONDS);
                    assertEquals(Outcome.BOARD_FAILED, r.outcome(), r.logLine());
                    assertTrue(r.logLine().contains("board sent alert"), r.logLine());
                }
                assertThrowsTimeout(upstream);
            } finally {
                bridge.close();
            }
        }
    }

    private static void assertThrowsTimeout(ServerSocket upstream) throws Exception {
        try (Socket s = upstream.accept()) {
            throw new AssertionError("the bridge connected upstream for a board that never completed a handshake");
        } catch (java.net.SocketTimeoutException expected) {
            // nothing came
        }
    }
}
