package dev.ussllab.profile.keylog;

/**
 * Where a TLS peer reports its session secrets, in the NSS key-log vocabulary
 * (CLIENT_RANDOM for TLS 1.2; CLIENT_HANDSHAKE_TRAFFIC_SECRET, SERVER_HANDSHAKE_TRAFFIC_SECRET,
 * CLIENT_TRAFFIC_SECRET_0, SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET for TLS 1.3).
 * Implementations must be thread-safe: a server reports from many connections at once.
 */
@FunctionalInterface
public interface KeyLogSink {

    /** Logs nothing: the default, since nothing is logged unless asked. */
    KeyLogSink NONE = (label, clientRandom, secret) -> {};

    /**
     * @param label the NSS label, e.g. "CLIENT_RANDOM"
     * @param clientRandom the 32-byte client random that identifies the session
     * @param secret the secret's bytes (a copy the sink may keep)
     */
    void log(String label, byte[] clientRandom, byte[] secret);
}
