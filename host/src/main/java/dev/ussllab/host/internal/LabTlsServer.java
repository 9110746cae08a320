package dev.ussllab.host.internal;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.keys.ClientCertificates;
import dev.ussllab.profile.keylog.BcSecrets;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;

/**
 * The host's side of one handshake, as Bouncy Castle hooks: what {@link HostTlsServer} sets up
 * (versions and suites from the policy, the shared credentials, tolerance of embedded clients),
 * the client-certificate check, and what it sees noted in the connection's state.
 */
final class LabTlsServer extends HostTlsServer {

    private final ConnectionState state;
    private final KeyLogSink keyLog;

    LabTlsServer(ServerCredentials credentials, CipherPolicy policy, int[] suites, ConnectionState state, KeyLogSink keyLog) {
        super(credentials, policy, suites);
        this.state = state;
        this.keyLog = keyLog;
    }

    @Override
    public void notifyOfferedCipherSuites(int[] offered) throws IOException {
        for (int s : offered) {
            state.offered.add(s);
        }
        super.notifyOfferedCipherSuites(offered);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        Vector<?> names = TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
        if (names != null) {
            for (Object o : names) {
                ServerName n = (ServerName) o;
                if (n.getNameType() == NameType.host_name) {
                    state.serverName = new String(n.getNameData(), StandardCharsets.US_ASCII);
                    break;
                }
            }
        }
        super.processClientExtensions(clientExtensions);
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        if (description == AlertDescription.internal_error && cause instanceof IOException
                && !(cause instanceof TlsFatalAlert)) {
            // BC answers a broken socket (reset, closed mid-record) with internal_error; the
            // alert never reaches anyone. Report what happened to the connection instead.
            state.lost("connection lost: " + rootMessage(cause));
        } else if (description != AlertDescription.close_notify) {
            String why = reason(message, cause);
            state.alert("sent alert " + AlertDescription.getName(description) + (why == null ? "" : ": " + why));
        }
    }

    /**
     * The most specific reason: BC raises "Failed to read record" around the TlsFatalAlert that says
     * what was wrong ("handshake_failure(40); No selectable cipher suite"), so use the innermost one.
     */
    private static String reason(String message, Throwable cause) {
        String why = message;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TlsFatalAlert && t.getMessage() != null) {
                why = t.getMessage().replaceFirst("^\\w+\\(\\d+\\)(; )?", "");
            }
        }
        return why == null || why.isEmpty() ? null : why;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return dev.ussllab.profile.UserText.of(t);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        if (description != AlertDescription.close_notify) {
            state.alert("received alert " + AlertDescription.getName(description));
        }
    }

    /**
     * BC asks for a CertificateRequest right after deriving the TLS 1.3 handshake traffic secrets,
     * which it replaces before notifyHandshakeComplete (BcSecrets' class comment): log them now.
     */
    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        BcSecrets.logHandshakeSecrets(context, keyLog);
        ClientCertificates cas = credentials.clientCertificates();
        if (cas == null) {
            return super.getCertificateRequest();
        }
        // As s_server -Verify 1 -CAfile: the CAs' names, and every signature scheme we verify.
        Vector<X500Name> authorities = new Vector<>(cas.authorities());
        Vector<?> schemes = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return TlsUtils.isTLSv13(context)
                ? new CertificateRequest(TlsUtils.EMPTY_BYTES, schemes, null, authorities)
                : new CertificateRequest(new short[] {ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign},
                        schemes, authorities);
    }

    /**
     * Called only when a certificate was requested. Refuses as OpenSSL's s_server -Verify does:
     * no certificate -> handshake_failure (TLS 1.2) or certificate_required (TLS 1.3, RFC 8446
     * 4.4.2.4); an untrusted one -> unknown_ca; an expired one -> certificate_expired. BC itself
     * checks the CertificateVerify signature with the certificate's key.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        ClientCertificates cas = credentials.clientCertificates();
        if (cas == null) {
            super.notifyClientCertificate(clientCertificate);
            return;
        }
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(TlsUtils.isTLSv13(context) ? AlertDescription.certificate_required
                    : AlertDescription.handshake_failure, "no client certificate (--require-client-cert " + cas.file() + ")");
        }
        List<byte[]> der = new ArrayList<>();
        for (int i = 0; i < clientCertificate.getLength(); i++) {
            der.add(clientCertificate.getCertificateAt(i).getEncoded());
        }
        ClientCertificates.Refusal refusal = cas.check(der);
        if (refusal != null) {
            throw new TlsFatalAlert(refusal.alert(), refusal.reason());
        }
        state.clientSubject = ClientCertificates.subject(der.get(0));
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        state.handshakeDone = Instant.now();
        state.protocol = context.getServerVersion().getName().replace("TLS ", "TLSv");
        state.cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
        // BC destroys the secrets right after this callback: the key log must be written now.
        BcSecrets.logSessionSecrets(context, keyLog);
    }
}
