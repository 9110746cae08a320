package dev.ussllab.host.decrypt;

import dev.ussllab.host.pcap.TcpConnection;
import java.util.ArrayList;
import java.util.List;

/** Cuts one direction of a reassembled connection into TLS records; pure. */
final class RecordSplitter {

    private RecordSplitter() {}

    /**
     * The whole records one side sent. Stops at a trailing partial record (the capture ended) or
     * at bytes that are not a TLS record header (the rest is not TLS).
     */
    static List<TlsRecord> split(List<TcpConnection.Chunk> chunks, boolean fromClient) {
        int total = 0;
        int count = 0;
        for (TcpConnection.Chunk c : chunks) {
            if (c.fromClient() == fromClient) {
                total += c.bytes().length;
                count++;
            }
        }
        // One array per direction, filled once; the records are views into it.
        byte[] b = new byte[total];
        long[] endAt = new long[count];
        long[] endTime = new long[count];
        int[] endChunk = new int[count];
        int filled = 0;
        int k = 0;
        for (int i = 0; i < chunks.size(); i++) {
            TcpConnection.Chunk c = chunks.get(i);
            if (c.fromClient() == fromClient) {
                System.arraycopy(c.bytes(), 0, b, filled, c.bytes().length);
                filled += c.bytes().length;
                endAt[k] = filled;
                endTime[k] = c.timeNanos();
                endChunk[k++] = i;
            }
        }
        List<TlsRecord> records = new ArrayList<>();
        int p = 0;
        int e = 0;
        while (p + TlsRecord.HEADER <= b.length) {
            int type = b[p] & 0xff;
            int version = ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
            int length = ((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff);
            if (type < TlsRecord.CHANGE_CIPHER_SPEC || type > TlsRecord.APPLICATION_DATA || (version >> 8) != 3
                    || length > TlsRecord.MAX_FRAGMENT) {
                break;
            }
            int end = p + TlsRecord.HEADER + length;
            if (end > b.length) {
                break;
            }
            while (endAt[e] < end) {
                e++;
            }
            records.add(new TlsRecord(type, version, b, p + TlsRecord.HEADER, length, endTime[e], fromClient, endChunk[e]));
            p = end;
        }
        return records;
    }

    /** True when the client's first bytes are a TLS record header of any type (a capture begun mid-session). */
    static boolean looksLikeTlsRecords(List<TcpConnection.Chunk> chunks) {
        for (TcpConnection.Chunk c : chunks) {
            if (c.fromClient() && c.bytes().length >= 3) {
                byte[] b = c.bytes();
                return b[0] >= TlsRecord.CHANGE_CIPHER_SPEC && b[0] <= TlsRecord.APPLICATION_DATA && b[1] == 3
                        && (b[2] & 0xff) <= 4;
            }
        }
        return false;
    }

    /** True when the client's first bytes are a TLS handshake record carrying a ClientHello. */
    static boolean looksLikeTls(List<TcpConnection.Chunk> chunks) {
        byte[] b = new byte[TlsRecord.HEADER + 1];
        int n = 0;
        for (TcpConnection.Chunk c : chunks) {
            if (c.fromClient() && n < b.length) {
                int k = Math.min(b.length - n, c.bytes().length);
                System.arraycopy(c.bytes(), 0, b, n, k); // the first bytes may arrive in several segments
                n += k;
            }
        }
        return n == b.length && b[0] == TlsRecord.HANDSHAKE && b[1] == 3 && (b[2] & 0xff) <= 4
                && b[5] == Handshake.CLIENT_HELLO;
    }
}
