package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.decrypt.SessionReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
}
