package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.keylog.BcSecrets;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.TlsAuthentication;

/** Bouncy Castle's DefaultTlsClient as it ships; only the certificate check and key log are ours. */
final class ShippedTlsClient extends DefaultTlsClient {

    private final Verification verification;
    private final TrustedCertificates trusted;
    private final KeyLogSink keyLog;

    ShippedTlsClient(Verification verification, TrustedCertificates trusted, KeyLogSink keyLog) {
        super(LabCrypto.shared());
        this.verification = verification;
        this.trusted = trusted;
        this.keyLog = keyLog;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return ServerCheck.of(verification, trusted);
    }

    /** TLS 1.3 handshake secrets exist from EncryptedExtensions on (BcSecrets' class comment). */
    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        BcSecrets.logHandshakeSecrets(context, keyLog);
    }

    /** The last moment the session secrets exist: Bouncy Castle destroys them after this call. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        BcSecrets.logSessionSecrets(context, keyLog);
    }
}
