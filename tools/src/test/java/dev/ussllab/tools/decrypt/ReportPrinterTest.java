package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.decrypt.SessionReport;
import dev.ussllab.host.decrypt.TextBuffer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printer's words for what the engine reports. */
class ReportPrinterTest {

    @Test
    void lostBytesAreNotedInTextAndJson() {
        SessionReport r = new SessionReport(new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 443), 0, "unknown", "unknown", null, null,
                "the handshake is not in this capture", List.of(), 1460);
        StringWriter text = new StringWriter();
        new ReportPrinter(new PrintWriter(text), false).print(r);
        assertTrue(text.toString().contains(
                "  note: 1460 bytes of this connection were not captured; records after the gap are not shown\n"), text.toString());
        StringWriter json = new StringWriter();
        new ReportPrinter(new PrintWriter(json), true).print(r);
        assertTrue(json.toString().contains("\"missingBytes\":1460,"), json.toString());
    }

    /** The record times were printed with printf's %+.6f; the faster printer must print the same. */
    @Test
    void secondsAsPrintfPrintedThem() {
        long[] samples = {0, 1, 499, 500, 999, 1000, 1_499, 1_500, 123_456_789, 999_999_499, 999_999_500,
            1_000_000_000, 61_234_567_890L, -1, -1_500, -2_000_000_000L};
        for (long nanos : samples) {
            TextBuffer b = new TextBuffer(16, 0, StandardCharsets.US_ASCII);
            ReportPrinter.seconds(b, nanos);
            assertEquals(String.format("%+.6f", nanos / 1e9), b.toString(), "nanos " + nanos);
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            long nanos = random.nextLong() % 100_000_000_000L;
            TextBuffer b = new TextBuffer(16, 0, StandardCharsets.US_ASCII);
            ReportPrinter.seconds(b, nanos);
            assertEquals(String.format("%+.6f", nanos / 1e9), b.toString(), "nanos " + nanos);
        }
    }
}
