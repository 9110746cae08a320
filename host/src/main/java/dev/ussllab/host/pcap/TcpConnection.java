package dev.ussllab.host.pcap;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One reassembled TCP connection: the bytes each way, in the order they became contiguous.
 *
 * @param client the side that sent the SYN (or, without one, the first sender seen)
 * @param chunks both directions interleaved in delivery order, each chunk contiguous with the
 *     previous chunk of the same direction
 * @param complete true when both SYNs were seen and no byte is missing in either direction
 * @param missingBytes how many bytes were never captured (gaps left at the end)
 */
public record TcpConnection(InetSocketAddress client, InetSocketAddress server, long startNanos,
        List<Chunk> chunks, boolean complete, long missingBytes) {

    /** Bytes one side sent, stamped with the time of the segment that completed them. */
    public record Chunk(long timeNanos, boolean fromClient, byte[] bytes) {}
}
