package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.tls.UsslSocket;
import dev.ussllab.host.bridge.SessionRecord;
import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --capture: both legs of a session (board TLS 1.2 TLS_RSA, upstream TLS 1.3) in one pcapng with
 * both legs' secrets; real tshark, given no option at all, decrypts the board's request and the
 * server's answer on each leg.
 */
class BridgeCaptureTest {

    @TempDir
    Path dir;

    @Test
    void tsharkDecryptsBothLegsWithNoSettings() throws Exception {
        String tshark = Peers.require("tshark");
        Path capture = dir.resolve("bridge.pcapng");
        try (RealServer server = RealServers.opensslServer(Files.createDirectories(dir.resolve("s_server")), "-rev")) {
            SessionRecord r;
            try (BridgeHarness bridge = BridgeHarness.start(dir, server.port(), UpstreamTrust.fromCaFile(server.caCert()), null,
                    CaptureFile.open(capture))) {
                UsslSocket board = BridgeHarness.board(bridge.port());
                board.write("through the bridge\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("egdirb eht hguorht\n", new String(board.readline(), StandardCharsets.US_ASCII));
                board.close();
                r = bridge.nextRecord();
            }
            assertEquals("TLSv1.3", r.upstreamProtocol(), r.logLine());
            Process p = new ProcessBuilder(tshark, "-r", capture.toString(), "-Y", "tls.app_data", "-T", "fields",
                    "-e", "tcp.stream", "-e", "data.data").redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            List<String> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\t");
                if (f.length == 2) {
                    lines.add(f[0] + " " + new String(HexFormat.of().parseHex(f[1]), StandardCharsets.US_ASCII));
                }
            }
            // stream 0: the board's leg (TLS_RSA, CLIENT_RANDOM); stream 1: the upstream leg (TLS 1.3 traffic secrets).
            assertEquals(List.of("0 through the bridge\n", "0 egdirb eht hguorht\n",
                    "1 through the bridge\n", "1 egdirb eht hguorht\n"), lines, out);
        }
    }
}
