package dev.ussllab.host.bridge;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Bouncy Castle's non-blocking protocols with TLS half-close both ways, as OpenSSL (and so
 * stunnel) does it: a close_notify can be sent while the connection stays open for reading, and a
 * close_notify received ends only the peer's direction, so the answer to a request that ended with
 * close_notify can still be written (RFC 8446 6.1). BC on its own closes both directions either
 * way. A bare TCP FIN instead of close_notify is taken by OpenSSL 3 peers as a truncation attack
 * (they answer decode_error and drop their reply), so the bridge relays any end as close_notify + FIN.
 */
final class HalfClose {

    private HalfClose() {}

    interface Capable {
        /** Queues a close_notify; reading goes on, nothing more may be written. */
        void sendCloseNotify() throws IOException;

        /** The peer sent close_notify: it will send nothing more, but may still read. */
        boolean peerClosed();
    }

    static final class Server extends TlsServerProtocol implements Capable {
        private boolean peerClosed;

        @Override
        public void sendCloseNotify() throws IOException {
            raiseAlertWarning(AlertDescription.close_notify, "half-close");
        }

        @Override
        public boolean peerClosed() {
            return peerClosed;
        }

        @Override
        protected void handleAlertWarningMessage(short alertDescription) throws IOException {
            if (alertDescription == AlertDescription.close_notify && !isHandshaking() && !isClosed()) {
                peerClosed = true;
            } else {
                super.handleAlertWarningMessage(alertDescription);
            }
        }
    }

    static final class Client extends TlsClientProtocol implements Capable {
        private boolean peerClosed;

        @Override
        public void sendCloseNotify() throws IOException {
            raiseAlertWarning(AlertDescription.close_notify, "half-close");
        }

        @Override
        public boolean peerClosed() {
            return peerClosed;
        }

        @Override
        protected void handleAlertWarningMessage(short alertDescription) throws IOException {
            if (alertDescription == AlertDescription.close_notify && !isHandshaking() && !isClosed()) {
                peerClosed = true;
            } else {
                super.handleAlertWarningMessage(alertDescription);
            }
        }
    }
}
