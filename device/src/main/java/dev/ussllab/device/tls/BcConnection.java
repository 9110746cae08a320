package dev.ussllab.device.tls;

import dev.ussllab.profile.client.CipherSuiteNames;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.Engine;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsClient;

/** A Bouncy Castle client connection driven by a profile. */
final class BcConnection extends TlsConnection {

    private final ProfileClientProtocol protocol;
    private final RecordSizeGuard guard;

    private BcConnection(Socket socket, int writeRecordSize, ProfileClientProtocol protocol, RecordSizeGuard guard) {
        super(socket, writeRecordSize);
        this.protocol = protocol;
        this.guard = guard;
    }

    /**
     * Runs the whole handshake on the connected socket. On failure the socket is closed and the
     * exception says what happened (a {@link RecordOverflowException} for an oversized record).
     */
    static BcConnection handshake(Socket socket, TlsClientProfile profile, String serverHostname,
            TrustedCertificates trusted, KeyLogSink keyLog, long uptimeSeconds) throws IOException {
        return handshake(socket, profile, serverHostname, trusted, keyLog, uptimeSeconds, false, null, new HandshakeTrace());
    }

    /**
     * @param axtlsClientAuth answer a CertificateRequest by axTLS's rules (else an empty Certificate)
     * @param credentials the board's key and certificate, or null for axTLS's built-in ones
     * @param trace filled with what the server did, also when the handshake fails
     */
    static BcConnection handshake(Socket socket, TlsClientProfile profile, String serverHostname,
            TrustedCertificates trusted, KeyLogSink keyLog, long uptimeSeconds, boolean axtlsClientAuth,
            BoardCredentials credentials,
            HandshakeTrace trace) throws IOException {
        socket.setTcpNoDelay(true);
        RecordSizeGuard guard = new RecordSizeGuard(socket.getInputStream(), profile.receiveRecordLimit(), trace);
        OutputStream out = socket.getOutputStream();
        if (profile.firstRecordVersion() == 0x0303) {
            out = new FirstRecordVersion(out, profile.firstRecordVersion());
        }
        TlsClient client;
        if (profile.engine() == Engine.BOUNCY_CASTLE_AS_SHIPPED) {
            client = new ShippedTlsClient(profile.verification(), trusted, keyLog);
        } else if (profile.engine() == Engine.BOUNCY_CASTLE) {
            client = new ProfileTlsClient(profile, serverHostname, trusted, keyLog, axtlsClientAuth, credentials, trace);
        } else {
            throw new IllegalArgumentException(profile.name() + " is not a Bouncy Castle profile");
        }
        // For the as-shipped engine the profile has no extension order and a random prefix, so the
        // protocol subclass changes nothing there.
        ProfileClientProtocol protocol = new ProfileClientProtocol(guard, out, profile, uptimeSeconds);
        BcConnection c = new BcConnection(socket, profile.writeRecordSize(), protocol, guard);
        try {
            protocol.connect(client);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw c.explain(e);
        }
        return c;
    }

    /** Adds what the guard saw: Bouncy Castle only reports the alert it raised. */
    @Override
    IOException explain(Exception e) {
        if (guard.overflowSize() >= 0) {
            return new RecordOverflowException(guard.overflowSize(), guard.limit(), guard.overflowHeader(), e);
        }
        if (guard.endOfStream() && e instanceof TlsFatalAlert alert
                && alert.getAlertDescription() == AlertDescription.handshake_failure) {
            // TlsProtocol.safeReadRecord raises a bare handshake_failure when the stream ends mid-handshake.
            return new PeerClosedException(e);
        }
        return e instanceof IOException io ? io : new IOException(e.toString(), e);
    }

    @Override
    InputStream in() {
        return protocol.getInputStream();
    }

    @Override
    OutputStream out() {
        return protocol.getOutputStream();
    }

    @Override
    String protocol() {
        ProtocolVersion v = protocol.context().getServerVersion();
        if (ProtocolVersion.TLSv13.equals(v)) {
            return "TLSv1.3";
        }
        return ProtocolVersion.TLSv12.equals(v) ? "TLSv1.2" : String.valueOf(v);
    }

    @Override
    String cipherSuite() {
        return CipherSuiteNames.name(protocol.context().getSecurityParametersConnection().getCipherSuite());
    }

    @Override
    void closeTls() {
        try {
            protocol.close();
        } catch (IOException e) {
            // the peer may be gone already: closing anyway
        }
    }
}
