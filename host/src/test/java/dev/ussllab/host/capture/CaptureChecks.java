package dev.ussllab.host.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.Proc;
import dev.ussllab.host.pcap.PacketDecoder;
import dev.ussllab.host.pcap.PacketReader;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.host.pcap.TcpReassembler;
import dev.ussllab.host.pcap.TcpSegment;
import dev.ussllab.testsupport.Peers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** Reads a capture back the way the decryptor does, and asks tshark what it decrypts. */
final class CaptureChecks {

    private CaptureChecks() {}

    record Contents(List<TcpConnection> connections, List<String> keyLogLines) {}

    static Contents read(Path file) throws Exception {
        List<TcpConnection> conns = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); PacketReader r = PacketReader.open(in, file.toString())) {
            TcpReassembler re = new TcpReassembler(conns::add);
            for (var p = r.next(); p != null; p = r.next()) {
                TcpSegment s = PacketDecoder.decode(p);
                if (s != null) {
                    re.add(s);
                }
            }
            re.finish();
            return new Contents(conns, r.keyLogLines());
        }
    }

    /** Plaintext of every application-data record tshark decrypts, with no options at all. */
    static List<String> tsharkPlaintext(Path file) {
        Proc p = Proc.run(file.getParent().toFile(), null, 60, Peers.require("tshark"), "-r", file.toString(),
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data");
        assertTrue(p.exit == 0, p.err);
        List<String> out = new ArrayList<>();
        for (String line : p.out.split("\n")) {
            if (!line.isBlank()) {
                out.add(new String(HexFormat.of().parseHex(line.trim())));
            }
        }
        return out;
    }

    /** Client-random keyed lines (openssl also writes "RSA <premaster prefix> <premaster>", not per session). */
    static TreeSet<String> keyLogLines(Path file) throws Exception {
        TreeSet<String> s = new TreeSet<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank() && !l.startsWith("#") && !l.startsWith("RSA ")) {
                s.add(l.trim());
            }
        }
        return s;
    }
}
