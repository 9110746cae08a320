package dev.ussllab.host.internal;

import dev.ussllab.host.ConnectionObserver;
import dev.ussllab.host.ConnectionObserver.Direction;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The socket's streams with a counter and the observer's tap on each, so a capture sees exactly
 * the bytes TLS put on the wire and the log can say how many went each way.
 *
 * <p>Bouncy Castle flushes after every record, so a TLS 1.2 server flight (ServerHello,
 * Certificate, ServerHelloDone) would leave as three TCP segments under TCP_NODELAY, each waking
 * the client. The records written between two reads are held and sent together, as OpenSSL sends
 * a flight: just before the next read from the socket, when they pass one maximum record, or at
 * {@link #send()} before the socket closes.
 */
final class TappedStreams {

    /** A flight is sent once it holds a full TLS record (2^14 plaintext + 2048, RFC 5246 6.2.3). */
    private static final int FLIGHT_LIMIT = (1 << 14) + 2048;

    private final ConnectionObserver observer;
    private final ByteArrayOutputStream flight = new ByteArrayOutputStream(4096);
    private OutputStream socketOut;
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

    /** Sends the records written since the last read; call before closing the socket. */
    void send() throws IOException {
        if (flight.size() > 0 && socketOut != null) {
            flight.writeTo(socketOut);
            flight.reset();
        }
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
                send(); // the peer answers only once it has our whole flight
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

            /** Closing a socket's input stream closes the socket: the flight must leave first. */
            @Override
            public void close() throws IOException {
                try {
                    send();
                } finally {
                    in.close();
                }
            }
        };
    }

    OutputStream wrap(OutputStream raw) {
        socketOut = raw;
        return new FilterOutputStream(raw) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                observer.onBytes(Direction.OUT, b, off, len);
                outCount += len;
                // Not FilterOutputStream's byte-by-byte write: the record joins the flight whole.
                flight.write(b, off, len);
                if (flight.size() >= FLIGHT_LIMIT) {
                    send();
                }
            }

            /** BC flushes after each record: the flight goes out at the next read instead. */
            @Override
            public void flush() {
                // deferred to send()
            }

            @Override
            public void close() throws IOException {
                try {
                    send();
                } finally {
                    out.close();
                }
            }
        };
    }
}
