package dev.ussllab.device.tls;

import java.io.EOFException;

/** The peer closed the connection before the handshake finished. */
final class PeerClosedException extends EOFException {

    PeerClosedException(Throwable cause) {
        super("the peer closed the connection during the handshake");
        initCause(cause);
    }
}
