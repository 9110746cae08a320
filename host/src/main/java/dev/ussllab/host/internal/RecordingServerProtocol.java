package dev.ussllab.host.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Hashtable;
import dev.ussllab.profile.keylog.BcSecrets;
import dev.ussllab.profile.keylog.KeyLogSink;
import org.bouncycastle.tls.ClientHello;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * BC's server protocol, keeping two things its callbacks lose: the ClientHello exactly as sent
 * (extension order, GREASE, everything JA3 and the comparisons need), and the TLS 1.3 handshake
 * traffic secrets, which BC replaces by the application ones before notifyHandshakeComplete.
 */
final class RecordingServerProtocol extends TlsServerProtocol {

    /** Handshake message header: type (1) + uint24 length (RFC 8446 4). */
    private static final int HEADER = 4;

    private final ConnectionState state;
    private final KeyLogSink keyLog;

    RecordingServerProtocol(InputStream in, OutputStream out, ConnectionState state, KeyLogSink keyLog) {
        super(in, out);
        this.state = state;
        this.keyLog = keyLog;
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

    @Override
    protected void send13EncryptedExtensionsMessage(Hashtable serverExtensions) throws IOException {
        // BC has just derived the handshake traffic secrets (establish13PhaseHandshake); they are
        // replaced by the application ones before notifyHandshakeComplete.
        BcSecrets.logHandshakeSecrets(getContext(), keyLog);
        super.send13EncryptedExtensionsMessage(serverExtensions);
    }
}
