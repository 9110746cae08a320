package dev.ussllab.host.hello;

/**
 * Where a ClientHello ends in the bytes a client has sent so far, found by walking the record
 * headers only (RFC 8446 5.1) so bytes trickling in are looked at once, not parsed again at every
 * arrival. It says when there is enough to hand to ClientHelloReader: the hello is complete, or a
 * header already shows the bytes are not one (the reader then names the field). Pure.
 */
final class HelloFraming {

    /** Record content type handshake. */
    private static final int HANDSHAKE = 22;
    /** RFC 8446 5.1: a plaintext record's fragment is at most 2^14 bytes. */
    static final int MAX_FRAGMENT = 1 << 14;
    /** The largest ClientHello body the format allows (ClientHelloReader.MAX_HELLO). */
    private static final int MAX_HELLO = 2 + 32 + 1 + 32 + 2 + 65534 + 1 + 255 + 2 + 65535;
    private static final int RECORD_HEADER = 5;

    /** What the bytes so far show. */
    enum State { MORE, COMPLETE, INVALID }

    /** End of the records walked (a whole number of them). */
    private int walked;
    private long handshakeBytes;
    private final byte[] start = new byte[4];
    private int needed = -1;
    private State state = State.MORE;
    /** True when the invalid header was a record longer than the TLS maximum (record_overflow). */
    private boolean overflow;

    /** Walks the records that are complete in b[0, length) (the same bytes as before, and more). */
    State offer(byte[] b, int length) {
        while (state == State.MORE && walked + RECORD_HEADER <= length) {
            int type = b[walked] & 0xFF;
            int major = b[walked + 1] & 0xFF;
            int fragment = ((b[walked + 3] & 0xFF) << 8) | (b[walked + 4] & 0xFF);
            if (type != HANDSHAKE || major != 3 || fragment == 0 || fragment > MAX_FRAGMENT) {
                overflow = type == HANDSHAKE && major == 3 && fragment > MAX_FRAGMENT;
                walked += RECORD_HEADER;
                state = State.INVALID;
                break;
            }
            if (walked + RECORD_HEADER + fragment > length) {
                break;
            }
            for (int i = 0; i < fragment && handshakeBytes + i < start.length; i++) {
                start[(int) handshakeBytes + i] = b[walked + RECORD_HEADER + i];
            }
            handshakeBytes += fragment;
            walked += RECORD_HEADER + fragment;
            if (needed < 0 && handshakeBytes >= start.length) {
                int body = ((start[1] & 0xFF) << 16) | ((start[2] & 0xFF) << 8) | (start[3] & 0xFF);
                if ((start[0] & 0xFF) != 1 || body > MAX_HELLO) {
                    state = State.INVALID;
                    break;
                }
                needed = 4 + body;
            }
            if (needed >= 0 && handshakeBytes >= needed) {
                state = State.COMPLETE;
            }
        }
        return state;
    }

    /** Bytes to hand to the reader: the records walked (for INVALID, up to the header that does not fit). */
    int end() {
        return walked;
    }

    boolean overflow() {
        return overflow;
    }
}
