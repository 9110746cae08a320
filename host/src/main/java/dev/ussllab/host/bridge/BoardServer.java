package dev.ussllab.host.bridge;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.internal.HostTlsServer;
import dev.ussllab.host.internal.ServerCredentials;
import dev.ussllab.profile.keylog.BcSecrets;
import java.io.IOException;
import org.bouncycastle.tls.CertificateRequest;

/**
 * The board's side of a bridged session: the host's credentials (key.pem, cert.pem) and the
 * host's compat policy, so the ESP8266's TLS_RSA suites are accepted and a desktop client gets a
 * forward-secret suite. Embedded clients' habits are tolerated as the host tolerates them
 * ({@link HostTlsServer}); what the handshake shows is noted in the board's {@link Leg}.
 */
final class BoardServer extends HostTlsServer {

    static final CipherPolicy POLICY = CipherPolicy.COMPAT;

    private final Leg leg;

    BoardServer(ServerCredentials credentials, int[] suites, Leg leg) {
        super(credentials, POLICY, suites);
        this.leg = leg;
    }

    /** The TLS 1.3 handshake secrets exist now and are gone by notifyHandshakeComplete (BcSecrets). */
    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        BcSecrets.logHandshakeSecrets(context, leg.keyLog);
        return super.getCertificateRequest();
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        leg.alertRaised(description, message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        leg.alertReceived(description);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        leg.handshakeComplete(context);
    }
}
