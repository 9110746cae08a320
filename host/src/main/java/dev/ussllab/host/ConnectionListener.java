package dev.ussllab.host;

/** Told about every connection when it ends. Called on the worker thread: keep it quick. */
@FunctionalInterface
public interface ConnectionListener {

    ConnectionListener NONE = r -> {};

    void connectionEnded(ConnectionRecord record);
}
