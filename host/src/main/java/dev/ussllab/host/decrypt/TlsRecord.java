package dev.ussllab.host.decrypt;

import java.util.Arrays;

/**
 * One TLS record as it crossed the wire (RFC 8446 5.1 / RFC 5246 6.2.1). The fragment is a view
 * into its direction's reassembled bytes ({@code buf[offset, offset + length)}), not a copy: a
 * session's records share one array per direction.
 *
 * @param timeNanos when its last byte was captured
 * @param order the index, among the connection's chunks of both directions, of the chunk that
 *     completed it: sorting by it interleaves the two directions as they were delivered
 */
record TlsRecord(int type, int version, byte[] buf, int offset, int length, long timeNanos, boolean fromClient,
        int order) {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEADER = 5;
    /** 2^14 plaintext + 2048 expansion (RFC 5246 6.2.3); RFC 8446 allows 2^14 + 256. */
    static final int MAX_FRAGMENT = (1 << 14) + 2048;

    /** A record whose fragment is the whole array (tests, synthesised records). */
    TlsRecord(int type, int version, byte[] fragment, long timeNanos, boolean fromClient, int order) {
        this(type, version, fragment, 0, fragment.length, timeNanos, fromClient, order);
    }

    /** A copy of the fragment, for the few plaintext records (the handshake) that are parsed. */
    byte[] fragment() {
        return Arrays.copyOfRange(buf, offset, offset + length);
    }
}
