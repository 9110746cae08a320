package dev.ussllab.tools.decrypt;

import dev.ussllab.host.pcap.PacketDecoder;
import dev.ussllab.host.pcap.PacketReader;
import dev.ussllab.host.pcap.TcpReassembler;
import dev.ussllab.host.pcap.TcpSegment;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ussl-lab decrypt}: every TLS session in a capture, decrypted where the keys allow, with reasons. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Find the TLS sessions in a pcap/pcapng capture (any port) and print their application data.",
            "TLS 1.2 RSA key exchange is decrypted with the server's RSA key; any TLS 1.2/1.3 session with a key log",
            "(--keylog, or the capture's own Decryption Secrets Blocks). Sessions that cannot be decrypted say why."})
public final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "capture: classic pcap (tcpdump) or pcapng")
    Path file;

    @Option(names = "--key", paramLabel = "key.pem", description = "the server's RSA private key (PEM, PKCS#8 or PKCS#1)")
    Path key;

    @Option(names = "--keylog", paramLabel = "FILE", description = "NSS key log (SSLKEYLOGFILE format)")
    Path keyLogFile;

    @Option(names = "--json", description = "print the sessions as one JSON document")
    boolean json;

    @Override
    public Integer call() {
        RSAPrivateCrtKey rsa = key == null ? null : RsaKeyFile.load(key);
        KeyLog keyLog = KeyLog.load(keyLogFile);
        PrintWriter out = spec.commandLine().getOut();
        ReportPrinter printer = new ReportPrinter(out, json);
        SessionDecryptor decryptor = new SessionDecryptor(keyLog, rsa);
        long[] connections = {0};
        InputStream in = open(file);
        try (PacketReader reader = PacketReader.open(in, file.toString())) {
            int[] seenSecrets = {0};
            TcpReassembler reassembler = new TcpReassembler(conn -> {
                connections[0]++;
                // Secrets blocks precede the packets they decrypt (pcapng spec 4.7): take in the new ones.
                var lines = reader.keyLogLines();
                keyLog.addAll(lines.subList(seenSecrets[0], lines.size()));
                seenSecrets[0] = lines.size();
                SessionReport report = decryptor.analyze(conn);
                if (report != null) {
                    printer.print(report);
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
        printer.finish(connections[0]);
        return 0;
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
