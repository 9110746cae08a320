package dev.ussllab.host.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tshark, the reference reader, accepts our frames: checksums good, no TCP analysis warnings, same bytes. */
class TsharkReadsOurCaptureTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "::1,true", "127.0.0.1,false"})
    void tsharkFollowsTheStreamWithValidChecksums(String ip, boolean pcapng) throws Exception {
        String tshark = Peers.require("tshark");
        SessionFixture f = new SessionFixture(ip, ip);
        Path file = dir.resolve(pcapng ? "s.pcapng" : "s.pcap");
        try (OutputStream out = Files.newOutputStream(file)) {
            if (pcapng) {
                PcapngWriter w = new PcapngWriter(out, LinkType.ETHERNET, false);
                for (Packet p : f.frames()) {
                    w.writePacket(p.timeNanos(), p.data());
                }
            } else {
                PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, true);
                for (Packet p : f.frames()) {
                    w.write(p.timeNanos(), p.data());
                }
            }
        }
        // Any frame with a bad checksum or a TCP analysis flag (lost segment, retransmission...) is listed.
        String bad = run(tshark, "-r", file.toString(), "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                "-Y", "tcp.checksum.status != 2 && tcp.checksum.status != 1 || tcp.checksum.status == 0"
                        + " || ip.checksum.status == 0 || tcp.analysis.flags || _ws.malformed || _ws.expert.severity >= warning",
                "-T", "fields", "-e", "frame.number");
        assertEquals("", bad.trim(), "frames tshark objects to");
        String follow = run(tshark, "-r", file.toString(), "-q", "-z", "follow,tcp,raw,0");
        StringBuilder client = new StringBuilder();
        StringBuilder server = new StringBuilder();
        for (String line : follow.split("\n")) {
            if (line.matches("\t[0-9a-f]+")) {
                server.append(line.trim());
            } else if (line.matches("[0-9a-f]+")) {
                client.append(line.trim());
            }
        }
        assertEquals(HexFormat.of().formatHex(f.stream(true)), client.toString());
        assertEquals(HexFormat.of().formatHex(f.stream(false)), server.toString());
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark hung");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + err);
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    static List<String> lines(String s) {
        List<String> l = new ArrayList<>();
        for (String x : s.split("\n")) {
            if (!x.isBlank()) {
                l.add(x);
            }
        }
        return l;
    }
}
