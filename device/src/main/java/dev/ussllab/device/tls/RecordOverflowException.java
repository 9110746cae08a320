package dev.ussllab.device.tls;

import java.io.IOException;

/** A received record was longer than the profile's receive buffer (see {@link RecordSizeGuard}). */
final class RecordOverflowException extends IOException {

    private final int size;
    private final int limit;
    private final byte[] header;

    RecordOverflowException(int size, int limit, byte[] header, Throwable cause) {
        super("received a " + size + "-byte record, more than the " + limit + " the client can take", cause);
        this.size = size;
        this.limit = limit;
        this.header = header.clone();
    }

    int size() {
        return size;
    }

    int limit() {
        return limit;
    }

    /** Whether the "record header" is printable ASCII: the peer answered in plain text, not TLS. */
    boolean looksLikeText() {
        for (byte b : header) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    String headerText() {
        return new String(header, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
