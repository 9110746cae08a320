package dev.ussllab.host.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A made-up session with chunks of awkward sizes (0-byte edge, exactly one MSS, several MSS). */
final class SessionFixture {

    static final long START = 1_700_000_000_000_000_000L;

    final InetSocketAddress client;
    final InetSocketAddress server;
    final List<TcpConnection.Chunk> chunks = new ArrayList<>();

    SessionFixture(String clientIp, String serverIp) throws IOException {
        client = new InetSocketAddress(InetAddress.getByName(clientIp), 50123);
        server = new InetSocketAddress(InetAddress.getByName(serverIp), 8443);
        Random r = new Random(42);
        int[] sizes = {517, 1460, 4000, 1, 3000, 1461, 70};
        for (int i = 0; i < sizes.length; i++) {
            byte[] b = new byte[sizes[i]];
            r.nextBytes(b);
            chunks.add(new TcpConnection.Chunk(START + (i + 1) * 1_000_000L, i % 2 == 0, b));
        }
    }

    byte[] stream(boolean fromClient) {
        return join(chunks, fromClient);
    }

    static byte[] join(List<TcpConnection.Chunk> chunks, boolean fromClient) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TcpConnection.Chunk c : chunks) {
            if (c.fromClient() == fromClient) {
                out.writeBytes(c.bytes());
            }
        }
        return out.toByteArray();
    }

    List<Packet> frames() throws IOException {
        List<Packet> frames = new ArrayList<>();
        SessionSynthesizer.forSession(client, server, START)
                .write(START, chunks, START + 100_000_000L, (t, f) -> frames.add(new Packet(t, LinkType.ETHERNET, f, 0)));
        return frames;
    }
}
