package dev.ussllab.host.bridge;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.internal.ServerCredentials;
import dev.ussllab.profile.keylog.BcSecrets;
import java.io.IOException;
import java.time.Instant;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsUtils;

/**
 * The board's side of a bridged session: the host's credentials (key.pem, cert.pem) and the
 * host's compat policy, so the ESP8266's TLS_RSA suites are accepted and a desktop client gets a
 * forward-secret suite. Embedded clients' habits are tolerated as the host tolerates them.
 */
final class BoardServer extends DefaultTlsServer {

    static final CipherPolicy POLICY = CipherPolicy.COMPAT;

    private final ServerCredentials credentials;
    private final int[] suites;
    private final Leg leg;

    BoardServer(ServerCredentials credentials, int[] suites, Leg leg) {
        super(credentials.crypto());
        this.credentials = credentials;
        this.suites = suites;
        this.leg = leg;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return POLICY.protocolVersions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return suites;
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return POLICY.serverOrder();
    }

    /** axTLS sends neither renegotiation_info nor the SCSV; the bridge never renegotiates. */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        // accepted either way
    }

    /** The board closes without close_notify; the bridge sees that as a TCP FIN and relays it. */
    @Override
    public boolean requiresCloseNotify() {
        return false;
    }

    @Override
    protected TlsCredentialedDecryptor getRSAEncryptionCredentials() {
        return credentials.decryptor();
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() {
        return credentials.signer(context);
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        return TlsUtils.isTLSv13(context) ? credentials.signer(context) : super.getCredentials();
    }

    /** The TLS 1.3 handshake secrets exist now and are gone by notifyHandshakeComplete (BcSecrets). */
    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        BcSecrets.logHandshakeSecrets(context, leg.keyLog);
        return super.getCertificateRequest();
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        if (description != AlertDescription.close_notify) {
            leg.alert("sent alert " + AlertDescription.getName(description) + (message == null ? "" : ": " + message));
        }
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        if (description != AlertDescription.close_notify) {
            leg.alert("received alert " + AlertDescription.getName(description));
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        leg.handshakeDone = true;
        leg.handshakeAt = Instant.now();
        leg.protocol = context.getServerVersion().getName().replace("TLS ", "TLSv");
        leg.suite = context.getSecurityParametersConnection().getCipherSuite();
        BcSecrets.logSessionSecrets(context, leg.keyLog);
    }
}
