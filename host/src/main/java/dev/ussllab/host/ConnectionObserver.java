package dev.ussllab.host;

import java.net.InetSocketAddress;

/**
 * A tap on one connection's raw TCP payload, both ways, in the order it crossed the socket: what
 * a capture records. One observer per connection (see {@link Factory}); calls come from that
 * connection's worker thread only.
 */
public interface ConnectionObserver {

    /** Which way bytes went, seen from the host. */
    enum Direction {
        /** Client to host. */
        IN,
        /** Host to client. */
        OUT
    }

    ConnectionObserver NONE = (direction, bytes, offset, length) -> {};

    /** Bytes just read from or about to be written to the socket; do not keep the array. */
    void onBytes(Direction direction, byte[] bytes, int offset, int length);

    /** The connection is over (after the last onBytes). */
    default void onClose(ConnectionRecord record) {}

    /** Makes an observer for each accepted connection. */
    @FunctionalInterface
    interface Factory {
        Factory NONE = (client, server) -> ConnectionObserver.NONE;

        ConnectionObserver open(InetSocketAddress client, InetSocketAddress server);
    }
}
