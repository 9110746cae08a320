package dev.ussllab.host.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.bouncycastle.tls.ClientHello;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * BC's server protocol, keeping what its callbacks lose: the ClientHello exactly as sent
 * (extension order, GREASE, everything JA3 and the comparisons need). The key log needs no
 * protocol hook: LabTlsServer writes it from the TlsServer callbacks BcSecrets names.
 */
final class RecordingServerProtocol extends TlsServerProtocol {

    /** Handshake message header: type (1) + uint24 length (RFC 8446 4). */
    private static final int HEADER = 4;

    private final ConnectionState state;

    /** Non-blocking mode: bytes go in with offerInput and come out with readOutput. */
    RecordingServerProtocol(ConnectionState state) {
        this.state = state;
    }

    /**
     * Ends the handshake with a fatal alert of our own choosing (a limit the host enforces, not a
     * protocol error BC would see); the alert waits in the output for readOutput.
     */
    void abort(short alertDescription, String why) throws IOException {
        handleException(alertDescription, why, null);
    }

    @Override
    protected ClientHello receiveClientHelloMessage(ByteArrayInputStream buf) throws IOException {
        // BC's HandshakeMessageInput allows no mark/reset (the transcript hash is taken from its
        // array, not from the read position), so read the body out and parse a copy.
        byte[] body = buf.readAllBytes();
        if (state.clientHello.length == 0) {
            // Only the first: after a HelloRetryRequest the client sends a second, amended one.
            byte[] msg = new byte[HEADER + body.length];
            msg[0] = (byte) HandshakeType.client_hello;
            msg[1] = (byte) (body.length >>> 16);
            msg[2] = (byte) (body.length >>> 8);
            msg[3] = (byte) body.length;
            System.arraycopy(body, 0, msg, HEADER, body.length);
            state.clientHello = msg;
        }
        return super.receiveClientHelloMessage(new ByteArrayInputStream(body));
    }
}
