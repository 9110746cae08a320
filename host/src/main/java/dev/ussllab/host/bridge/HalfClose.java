package dev.ussllab.host.bridge;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Bouncy Castle's non-blocking protocols with a TLS half-close: a close_notify sent while the
 * connection stays open for reading (RFC 8446 6.1: close_notify ends only the sender's direction;
 * OpenSSL and stunnel read on after SSL_shutdown). BC's own close() also stops all reading, and a
 * bare TCP FIN instead is taken by OpenSSL 3 peers as a truncation attack (they answer
 * decode_error and drop what they were about to send), so the bridge relays a peer's FIN as
 * close_notify plus FIN through these.
 */
final class HalfClose {

    private HalfClose() {}

    interface Capable {
        /** Queues a close_notify; reading goes on, nothing more may be written. */
        void sendCloseNotify() throws IOException;
    }

    static final class Server extends TlsServerProtocol implements Capable {
        @Override
        public void sendCloseNotify() throws IOException {
            raiseAlertWarning(AlertDescription.close_notify, "half-close");
        }
    }

    static final class Client extends TlsClientProtocol implements Capable {
        @Override
        public void sendCloseNotify() throws IOException {
            raiseAlertWarning(AlertDescription.close_notify, "half-close");
        }
    }
}
