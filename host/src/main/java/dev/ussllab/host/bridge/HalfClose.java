package dev.ussllab.host.bridge;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Bouncy Castle's non-blocking protocols with TLS half-close both ways, as OpenSSL (and so
 * stunnel) does it: a close_notify can be sent while the connection stays open for reading, and a
 * close_notify received ends only the peer's direction, so the answer to a request that ended with
 * close_notify can still be written (RFC 8446 6.1). BC on its own closes both directions either
 * way. A bare TCP FIN instead of close_notify is taken by OpenSSL 3 peers as a truncation attack
 * (they answer decode_error and drop their reply), so the bridge relays any end as close_notify + FIN.
 *
 * <p>One instance per protocol, for either side: the board's (server) and the upstream's
 * (client). BC's hooks are protected, so each side's class only hands them over.
 */
final class HalfClose {

    /** One of BC's protected alert methods, handed over by the side's protocol class. */
    @FunctionalInterface
    private interface AlertHook {
        void apply(short alertDescription) throws IOException;
    }

    private final TlsProtocol tls;
    private final AlertHook sendWarning;
    private final AlertHook bcWarning;
    private boolean peerClosed;

    private HalfClose(TlsProtocol tls, AlertHook sendWarning, AlertHook bcWarning) {
        this.tls = tls;
        this.sendWarning = sendWarning;
        this.bcWarning = bcWarning;
    }

    /** The board's side: the bridge is its TLS server. */
    static TlsServerProtocol server() {
        return new Server();
    }

    /** The upstream side: the bridge is the real server's TLS client. */
    static TlsClientProtocol client() {
        return new Client();
    }

    /** The half-close of a protocol made by {@link #server()} or {@link #client()}. */
    static HalfClose of(TlsProtocol tls) {
        return tls instanceof Server s ? s.half : ((Client) tls).half;
    }

    /** Queues a close_notify; reading goes on, nothing more may be written. */
    void sendCloseNotify() throws IOException {
        sendWarning.apply(AlertDescription.close_notify);
    }

    /** The peer sent close_notify: it will send nothing more, but may still read. */
    boolean peerClosed() {
        return peerClosed;
    }

    /** A warning alert from the peer, either side: close_notify after the handshake ends only its direction. */
    private void onWarning(short alertDescription) throws IOException {
        if (alertDescription == AlertDescription.close_notify && !tls.isHandshaking() && !tls.isClosed()) {
            peerClosed = true;
        } else {
            bcWarning.apply(alertDescription);
        }
    }

    private static final class Server extends TlsServerProtocol {
        private final HalfClose half = new HalfClose(this, a -> raiseAlertWarning(a, "half-close"), super::handleAlertWarningMessage);

        @Override
        protected void handleAlertWarningMessage(short alertDescription) throws IOException {
            half.onWarning(alertDescription);
        }
    }

    private static final class Client extends TlsClientProtocol {
        private final HalfClose half = new HalfClose(this, a -> raiseAlertWarning(a, "half-close"), super::handleAlertWarningMessage);

        @Override
        protected void handleAlertWarningMessage(short alertDescription) throws IOException {
            half.onWarning(alertDescription);
        }
    }
}
