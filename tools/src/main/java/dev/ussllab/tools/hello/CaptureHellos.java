package dev.ussllab.tools.hello;

import dev.ussllab.host.pcap.Packet;
import dev.ussllab.host.pcap.PacketDecoder;
import dev.ussllab.host.pcap.PacketReader;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.host.pcap.TcpReassembler;
import dev.ussllab.host.pcap.TcpSegment;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.hello.ClientHelloReader;
import dev.ussllab.profile.hello.MalformedHelloException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every ClientHello in a pcap or pcapng file: TCP streams reassembled, the client side parsed. */
final class CaptureHellos {

    /** A found hello, its records as captured, and where it was. */
    record Found(String label, ClientHelloReader.Result hello) {}

    /** The hello sits at the start of the client's stream; more than this is never needed. */
    private static final int MAX_PREFIX = 1 << 17;
    private static final int TLS_HANDSHAKE = 0x16;

    private CaptureHellos() {}

    static List<Found> read(Path file) {
        List<TcpConnection> connections = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                PacketReader reader = PacketReader.open(in, file.toString())) {
            TcpReassembler reassembler = new TcpReassembler(connections::add);
            for (Packet p; (p = reader.next()) != null; ) {
                TcpSegment s = PacketDecoder.decode(p);
                if (s != null) {
                    reassembler.add(s);
                }
            }
            reassembler.finish();
        } catch (NoSuchFileException e) {
            throw LabException.badInput("capture " + file + " does not exist", "give the path of a .pcap or .pcapng file");
        } catch (IOException e) {
            throw LabException.badInput("cannot read capture " + file + ": " + e.getMessage(), "check the file");
        }
        List<Found> found = new ArrayList<>();
        for (TcpConnection c : connections) {
            byte[] client = clientPrefix(c);
            if (client.length == 0 || (client[0] & 0xFF) != TLS_HANDSHAKE) {
                continue; // not TLS from the client's side
            }
            String label = file.getFileName() + " " + c.client().getAddress().getHostAddress() + ":" + c.client().getPort();
            try {
                found.add(new Found(label, ClientHelloReader.read(new ByteArrayInputStream(client))));
            } catch (MalformedHelloException e) {
                throw LabException.badInput("capture " + file + ", connection from " + label + ": " + e.getMessage(),
                        "the capture may be cut short (snap length) or not TLS");
            } catch (IOException e) {
                // an empty stream: nothing to report
            }
        }
        if (found.isEmpty()) {
            throw LabException.badInput("capture " + file + " holds no TLS ClientHello",
                    "capture the client's connection from its start (tcpdump -i IFACE -w FILE tcp port PORT)");
        }
        return found;
    }

    private static byte[] clientPrefix(TcpConnection c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TcpConnection.Chunk chunk : c.chunks()) {
            if (chunk.fromClient()) {
                out.writeBytes(chunk.bytes());
                if (out.size() >= MAX_PREFIX) {
                    break;
                }
            }
        }
        return out.toByteArray();
    }
}
