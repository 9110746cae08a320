package dev.ussllab.host.decrypt;

import dev.ussllab.host.pcap.PacketDecoder;
import dev.ussllab.host.pcap.PacketReader;
import dev.ussllab.host.pcap.TcpReassembler;
import dev.ussllab.host.pcap.TcpSegment;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a capture: packets -> TCP reassembly -> each finished connection analysed and handed
 * on, then forgotten, so memory is bounded by the largest open connection, not the file.
 */
public final class CaptureScan {

    private CaptureScan() {}

    /** Returns how many TCP connections the capture held. */
    public static long scan(Path file, KeyLog keyLog, RSAPrivateKey rsa, boolean useCaptureSecrets,
            Consumer<SessionReport> out) {
        SessionDecryptor decryptor = new SessionDecryptor(keyLog, rsa);
        long[] connections = {0};
        try (PacketReader reader = PacketReader.open(open(file), file.toString())) {
            int[] seenSecrets = {0};
            TcpReassembler reassembler = new TcpReassembler(conn -> {
                connections[0]++;
                if (useCaptureSecrets) {
                    // Secrets blocks precede the packets they decrypt (pcapng spec 4.7): take in the new ones.
                    List<String> lines = reader.keyLogLines();
                    keyLog.addAll(lines.subList(seenSecrets[0], lines.size()));
                    seenSecrets[0] = lines.size();
                }
                SessionReport report = decryptor.analyze(conn);
                if (report != null) {
                    out.accept(report);
                }
            });
            for (var p = reader.next(); p != null; p = reader.next()) {
                TcpSegment s = PacketDecoder.decode(p);
                if (s != null) {
                    reassembler.add(s);
                }
            }
            reassembler.finish();
        }
        return connections[0];
    }

    private static InputStream open(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw LabException.badInput(file + " is a directory", "give a .pcap or .pcapng file");
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw LabException.badInput("capture " + file + " does not exist", "check the path");
        } catch (IOException e) {
            throw LabException.badInput("cannot open capture " + file + ": " + e.getMessage(), "check the path and permissions");
        }
    }
}
