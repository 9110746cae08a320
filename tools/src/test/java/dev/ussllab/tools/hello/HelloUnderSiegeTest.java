package dev.ussllab.tools.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.hello.HelloListener;
import dev.ussllab.tools.Cli;
import dev.ussllab.tools.Siege;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 section 1 for `hello`: 1,000 idle or slow clients held against the listener neither
 * shut out a new board nor outlive the deadline, and stderr stays short. Before the listener
 * moved to one selector thread, 16 silent clients took every handler for 10 s, the next 64
 * waited in the queue, and a new board beyond them was closed unread.
 */
class HelloUnderSiegeTest {

    private static final int TIMEOUT_S = 6;
    /** How late a held socket may be closed on a loaded machine before that counts as outliving the deadline. */
    private static final int SLACK_MS = 5_000;
    /** The emulated board's JA3 string: its four suites in axTLS order, signature_algorithms only (DeviceAgainstHostTest). */
    private static final String BOARD_JA3 = "771,47-60-53-61,13,,";

    @Test
    void aThousandIdleOrSlowClientsNeitherShutOutANewBoardNorOutliveTheDeadline() throws Exception {
        // Per held client: the test's socket and the listener's.
        int held = Siege.count(2);
        warmUp();
        try (Background b = new Background("hello", "--listen", "127.0.0.1:0", "--count", "3",
                "--timeout", String.valueOf(TIMEOUT_S))) {
            int port = Integer.parseInt(b.await("listening on 127\\.0\\.0\\.1:(\\d+)", 60));
            int threadsBefore = Siege.threads();
            long heapBefore = Siege.heapMb();
            try (Siege siege = Siege.hold(port, held)) {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 3; i++) {
                    long t0 = System.nanoTime();
                    board(port);
                    best = Math.min(best, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                }
                long sinceHeld = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - siege.heldAtNanos());
                int threads = Siege.threads();
                long heap = Siege.heapMb();
                System.out.println("hello: a new board's ClientHello read and refused in " + best + " ms while "
                        + held + " idle/slow clients were held; threads " + threadsBefore + " -> " + threads
                        + ", heap " + heapBefore + " -> " + heap + " MB");
                if (sinceHeld < TIMEOUT_S * 1000 - 1000) {
                    assertTrue(siege.idleStillOpen(), "the idle clients were still held while the boards were served");
                }
                assertTrue(threads - threadsBefore < 20, "no thread per connection: " + threadsBefore + " -> " + threads);
                assertTrue(heap - heapBefore < 128, "heap grew from " + heapBefore + " to " + heap + " MB");
                assertEquals(0, siege.stillOpenAfter(TIMEOUT_S * 1000 + SLACK_MS), "held clients outlived the deadline");
            }
            assertEquals(0, b.join(60), b.toString()); // --count 3: ends once the held ones have ended too
            assertEquals(3, count(b.out(), "ClientHello from "), b.out());
            assertEquals(3, count(b.out(), BOARD_JA3), b.out());
            // A third sent an alert first: refused at once; the others timed out. 20 lines of each and a summary.
            int alerts = held / 3;
            int timeouts = held - alerts;
            String err = b.err();
            assertEquals(timeouts, count(err, "within " + TIMEOUT_S * 1000 + " ms") + summarised(err, "timed out"), err);
            assertEquals(alerts, count(err, "an alert record (21)") + summarised(err, "failed \\(not TLS or another error\\)"), err);
            assertTrue(err.lines().count() < 50, err.lines().count() + " lines:\n" + err);
        }
    }

    @Test
    void aRecordLongerThanTlsAllowsIsRefusedAtItsHeaderWithOneLine() throws Exception {
        try (Background b = new Background("hello", "--listen", "127.0.0.1:0", "--count", "1")) {
            int port = Integer.parseInt(b.await("listening on 127\\.0\\.0\\.1:(\\d+)", 60));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff, 0x01}); // 65,535 bytes claimed
                byte[] answer = s.getInputStream().readNBytes(7);
                assertEquals("15030300020216", HexFormat.of().formatHex(answer), "fatal record_overflow");
                assertEquals(-1, s.getInputStream().read(), "then closed");
            }
            board(port);
            assertEquals(0, b.join(60), b.toString());
            assertEquals(1, b.err().lines().count(), b.err());
            assertTrue(b.err().contains("record length at offset 3: 65535 is outside 1..16384: refused with alert record_overflow"),
                    b.err());
        }
    }

    /**
     * The first board in a JVM loads its classes for seconds on a loaded machine, longer than the
     * siege's deadline from accept: it runs against a listener of its own with the default one.
     */
    private static void warmUp() throws Exception {
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            Thread t = new Thread(() -> l.serve(1, e -> { }), "warm-up");
            t.setDaemon(true);
            t.start();
            board(l.address().getPort());
            t.join(30_000);
        }
    }

    /** The emulated board as `device` runs it: the listener refuses it with handshake_failure (-40 on the board). */
    private static void board(int port) {
        Cli r = Cli.run("device", "--port", String.valueOf(port));
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("OSError: -40"), r.toString());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** The sum of "ussl-lab hello: N more connections WHAT in the last S s" lines. */
    private static long summarised(String err, String what) {
        Matcher m = Pattern.compile("(?m)^ussl-lab hello: (\\d+) more connections " + what + " in the last \\d+ s$").matcher(err);
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }
}
