package dev.ussllab.host.internal;

import dev.ussllab.host.ConnectionObserver;
import dev.ussllab.host.ConnectionObserver.Direction;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The socket's streams with a counter and the observer's tap on each, so a capture sees exactly
 * the bytes TLS put on the wire and the log can say how many went each way.
 */
final class TappedStreams {

    private final ConnectionObserver observer;
    private int firstByte = -1;
    private long inCount;
    private long outCount;

    TappedStreams(ConnectionObserver observer) {
        this.observer = observer;
    }

    long bytesIn() {
        return inCount;
    }

    /** The first byte the client sent, or -1: tells a cut-short ClientHello from another protocol. */
    int firstByte() {
        return firstByte;
    }

    long bytesOut() {
        return outCount;
    }

    InputStream wrap(InputStream raw) {
        return new FilterInputStream(raw) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    if (inCount == 0) {
                        firstByte = b[off] & 0xff;
                    }
                    inCount += n;
                    observer.onBytes(Direction.IN, b, off, n);
                }
                return n;
            }
        };
    }

    OutputStream wrap(OutputStream raw) {
        return new FilterOutputStream(raw) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                observer.onBytes(Direction.OUT, b, off, len);
                outCount += len;
                // FilterOutputStream writes byte by byte; the socket takes the whole record at once
                // (one TCP segment per record matters with TCP_NODELAY).
                out.write(b, off, len);
            }
        };
    }
}
