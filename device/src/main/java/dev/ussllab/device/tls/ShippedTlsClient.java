package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
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

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        SessionSecrets.log(context, keyLog);
    }
}
