package dev.ussllab.host.bridge;

import dev.ussllab.profile.keylog.BcSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The bridge's side of the upstream leg: a modern client (TLS 1.3 and 1.2, forward-secret suites
 * only), SNI, the server's chain judged by {@link UpstreamTrust}, and a client certificate when
 * the server asks and one was given.
 */
final class UpstreamClient extends DefaultTlsClient {

    /** How a verification failure starts in the leg's notes (the session's outcome is told by it). */
    static final String REFUSED = "certificate refused: ";

    /** TLS 1.3, then ECDHE with AEAD (Mozilla "intermediate"), then ECDHE CBC for older servers. */
    static final int[] SUITES = {
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };

    private final String serverName;
    private final UpstreamTrust trust;
    private final ClientCredentials clientCredentials;
    private final Leg leg;

    UpstreamClient(JcaTlsCrypto crypto, String serverName, UpstreamTrust trust, ClientCredentials clientCredentials, Leg leg) {
        super(crypto);
        this.serverName = serverName;
        this.trust = trust;
        this.clientCredentials = clientCredentials;
        this.leg = leg;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
    }

    /** RFC 6066 3: no SNI for an IP address. */
    @Override
    protected Vector getSNIServerNames() {
        if (serverName == null || UpstreamTrust.isIpLiteral(serverName)) {
            return null;
        }
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, serverName.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    /** A relay never resumes, and a peer that drops the TCP connection is reported as such. */
    @Override
    public boolean requiresCloseNotify() {
        return false;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                List<byte[]> der = new ArrayList<>();
                for (int i = 0; i < chain.getLength(); i++) {
                    der.add(chain.getCertificateAt(i).getEncoded());
                }
                String problem = trust.problem(der, serverName);
                if (problem != null) {
                    leg.alert(REFUSED + problem);
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, problem);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return clientCredentials == null ? null : clientCredentials.signer(context, request);
            }
        };
    }

    /** In TLS 1.3 the handshake secrets exist once EncryptedExtensions arrive (BcSecrets). */
    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        BcSecrets.logHandshakeSecrets(context, leg.keyLog);
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
