package dev.ussllab.host;

/** Told about every connection when it ends. Called on a worker thread: keep it quick. */
@FunctionalInterface
public interface ConnectionListener {

    ConnectionListener NONE = r -> {};

    void connectionEnded(ConnectionRecord record);

    /** A line about the host itself rather than one connection (accepting failed, say). */
    default void notice(String line) {}
}
