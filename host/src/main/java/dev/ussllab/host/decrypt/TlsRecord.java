package dev.ussllab.host.decrypt;

/**
 * One TLS record as it crossed the wire (RFC 8446 5.1 / RFC 5246 6.2.1).
 *
 * @param timeNanos when its last byte was captured
 * @param order the index, among the connection's chunks of both directions, of the chunk that
 *     completed it: sorting by it interleaves the two directions as they were delivered
 */
record TlsRecord(int type, int version, byte[] fragment, long timeNanos, boolean fromClient, int order) {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEADER = 5;
    /** 2^14 plaintext + 2048 expansion (RFC 5246 6.2.3); RFC 8446 allows 2^14 + 256. */
    static final int MAX_FRAGMENT = (1 << 14) + 2048;
}
