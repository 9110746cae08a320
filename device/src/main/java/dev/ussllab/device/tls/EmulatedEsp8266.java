package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.Engine;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

/**
 * One emulated board: it boots when constructed (its uptime clock starts then) and wraps already
 * connected TCP sockets the way {@code ussl.wrap_socket(sock, server_hostname=None)} does, running
 * the whole handshake inside {@link #wrap}. The profile says how it speaks TLS; the built-in one is
 * {@code Profiles.esp8266()}.
 */
public final class EmulatedEsp8266 {

    private final TlsClientProfile profile;
    private final KeyLogSink keyLog;
    private final long bootNanos;

    public EmulatedEsp8266(TlsClientProfile profile, KeyLogSink keyLog) {
        this(profile, keyLog, 0);
    }

    /** A board that booted uptimeAtStart seconds ago (tests pin the random prefix with it). */
    EmulatedEsp8266(TlsClientProfile profile, KeyLogSink keyLog, long uptimeAtStart) {
        this.bootNanos = System.nanoTime() - uptimeAtStart * 1_000_000_000L;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.keyLog = keyLog == null ? KeyLogSink.NONE : keyLog;
        if (profile.engine() != Engine.BOUNCY_CASTLE) {
            throw new IllegalArgumentException(profile.name() + " is not a firmware profile (engine "
                    + profile.engine() + "); run it with DesktopClient");
        }
    }

    public TlsClientProfile profile() {
        return profile;
    }

    /** Seconds since this board booted (what the ESP8266's time() returns). */
    public long uptimeSeconds() {
        return (System.nanoTime() - bootNanos) / 1_000_000_000L;
    }

    /**
     * Runs the handshake on a connected socket. On failure the socket is closed and the exception
     * carries the board's error. Timeouts are the socket's own (setSoTimeout before wrapping).
     */
    public UsslSocket wrap(Socket connected, String serverHostnameOrNull) throws AxtlsException {
        return wrap(connected, serverHostnameOrNull, null);
    }

    /**
     * {@code ssl.wrap_socket(sock, server_hostname=..., key=..., cert=...)}: as
     * {@link #wrap(Socket, String)}, answering a server's CertificateRequest with the given key and
     * certificate, or, when null, with axTLS's built-in ones as the firmware does without key=
     * (see {@link AxtlsClientAuth}). The exception and the socket carry a {@link HandshakeTrace}.
     */
    public UsslSocket wrap(Socket connected, String serverHostnameOrNull, BoardCredentials keyAndCertOrNull)
            throws AxtlsException {
        if (!connected.isConnected() || connected.isClosed()) {
            throw new IllegalStateException("wrap needs a connected socket (connect first, as the board does)");
        }
        InetSocketAddress peer = (InetSocketAddress) connected.getRemoteSocketAddress();
        HandshakeTrace trace = new HandshakeTrace();
        trace.clientCredentialsBuiltIn(keyAndCertOrNull == null);
        int timeoutMs = 0;
        try {
            timeoutMs = connected.getSoTimeout();
            return new AxtlsSocket(BcConnection.handshake(connected, profile, serverHostnameOrNull, null,
                    keyLog, uptimeSeconds(), true, keyAndCertOrNull, trace), trace);
        } catch (IOException e) {
            closeQuietly(connected);
            throw AxtlsErrors.map(e, peer, timeoutMs, trace);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already failing: the original error is what matters
        }
    }
}
