package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.keylog.BcSecrets;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsKeyExchangeFactory;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsKeyExchange;
import org.bouncycastle.tls.TlsKeyExchangeFactory;
import org.bouncycastle.tls.TlsRSAKeyExchange;
import org.bouncycastle.tls.crypto.TlsCertificateRole;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;

/**
 * A Bouncy Castle client whose every choice comes from a {@link TlsClientProfile}: versions,
 * suites, signature algorithms, extensions, certificate check, renegotiation_info and close_notify
 * tolerance, key usage. Nothing here is specific to one firmware.
 */
final class ProfileTlsClient extends DefaultTlsClient {

    private final TlsClientProfile profile;
    private final String serverHostname;
    private final TrustedCertificates trusted;
    private final KeyLogSink keyLog;
    private final boolean axtlsClientAuth;
    private final BoardCredentials credentials;
    private final HandshakeTrace trace;

    ProfileTlsClient(TlsClientProfile profile, String serverHostname, TrustedCertificates trusted, KeyLogSink keyLog) {
        this(profile, serverHostname, trusted, keyLog, false, null, new HandshakeTrace());
    }

    /**
     * @param axtlsClientAuth answer a CertificateRequest the way axTLS does (else with an empty
     *     Certificate, as the desktop stacks without a client certificate)
     * @param credentials the board's key and certificate; null: axTLS's built-in ones, made only
     *     when a server asks
     */
    ProfileTlsClient(TlsClientProfile profile, String serverHostname, TrustedCertificates trusted, KeyLogSink keyLog,
            boolean axtlsClientAuth, BoardCredentials credentials, HandshakeTrace trace) {
        super(LabCrypto.shared());
        this.profile = profile;
        this.serverHostname = serverHostname;
        this.trusted = trusted;
        this.keyLog = keyLog;
        this.axtlsClientAuth = axtlsClientAuth;
        this.credentials = credentials;
        this.trace = trace;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // A plain loop: this runs once per connection, and a fleet makes thousands a second.
        List<String> names = profile.versions();
        ProtocolVersion[] versions = new ProtocolVersion[names.size()];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = names.get(i).equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        }
        return versions;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return profile.cipherSuites();
    }

    @Override
    protected Vector getSupportedSignatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> algs = new Vector<>();
        for (int code : profile.signatureAlgorithms()) {
            // The 2-byte code is (hash, signature) in TLS 1.2 terms; TLS 1.3 schemes map the same way.
            algs.add(SignatureAndHashAlgorithm.getInstance((short) (code >>> 8), (short) (code & 0xff)));
        }
        return algs;
    }

    /** Exactly the profile's extensions; extended_master_secret is added by Bouncy Castle itself. */
    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable<Integer, byte[]> ext = new Hashtable<>();
        TlsExtensionsUtils.addSignatureAlgorithmsExtension(ext, getSupportedSignatureAlgorithms());
        if (profile.sendSni() && serverHostname != null && !serverHostname.isEmpty()) {
            Vector<ServerName> names = new Vector<>();
            names.add(new ServerName(NameType.host_name, serverHostname.getBytes(StandardCharsets.US_ASCII)));
            TlsExtensionsUtils.addServerNameExtensionClient(ext, names);
        }
        if (profile.encryptThenMac()) {
            TlsExtensionsUtils.addEncryptThenMACExtension(ext);
        }
        if (profile.sessionTicket()) {
            TlsExtensionsUtils.addEmptyExtensionData(ext, ExtensionType.session_ticket);
        }
        return ext;
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return profile.extendedMasterSecret();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return false;
    }

    /** The random prefix is written by ProfileClientProtocol (uptime) or left random. */
    @Override
    public boolean shouldUseGMTUnixTime() {
        return false;
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        return profile.verification() != Verification.NONE;
    }

    @Override
    public boolean requiresCloseNotify() {
        return !profile.tolerateMissingCloseNotify();
    }

    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) throws IOException {
        if (!secureRenegotiation && !profile.tolerateMissingRenegotiationInfo()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the server does not support RFC 5746");
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        TlsAuthentication server = ServerCheck.of(profile.verification(), trusted);
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                List<byte[]> ders = new ArrayList<>();
                for (int i = 0; chain != null && i < chain.getLength(); i++) {
                    ders.add(chain.getCertificateAt(i).getEncoded());
                }
                trace.serverChain(ders);
                server.notifyServerCertificate(serverCertificate);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                List<String> cas = new ArrayList<>();
                if (request.getCertificateAuthorities() != null) {
                    for (Object name : request.getCertificateAuthorities()) {
                        cas.add(RFC4519Style.INSTANCE.toString((X500Name) name));
                    }
                }
                List<Integer> algs = new ArrayList<>();
                if (request.getSupportedSignatureAlgorithms() != null) {
                    for (Object o : request.getSupportedSignatureAlgorithms()) {
                        SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) o;
                        algs.add(a.getHash() << 8 | a.getSignature());
                    }
                }
                trace.certificateRequest(cas, algs);
                if (!axtlsClientAuth) {
                    return null;
                }
                BoardCredentials board = credentials != null ? credentials : BoardCredentials.axtlsDefault();
                AxtlsClientAuth.checkChain(board, algs);
                trace.clientCertificateSent(board.subject());
                return AxtlsClientAuth.signer(context, board);
            }
        };
    }

    @Override
    public void notifySelectedCipherSuite(int selectedCipherSuite) {
        super.notifySelectedCipherSuite(selectedCipherSuite);
        ProtocolVersion v = context.getServerVersion();
        trace.serverHello(v == null ? null : (ProtocolVersion.TLSv13.equals(v) ? "TLSv1.3"
                : ProtocolVersion.TLSv12.equals(v) ? "TLSv1.2" : v.toString()), selectedCipherSuite);
    }

    /** Called when the ServerHelloDone is processed, just before the client's second flight. */
    @Override
    public Vector getClientSupplementalData() throws IOException {
        trace.clientFlightSent();
        return super.getClientSupplementalData();
    }

    @Override
    public TlsKeyExchangeFactory getKeyExchangeFactory() throws IOException {
        if (profile.checkKeyUsage()) {
            return super.getKeyExchangeFactory();
        }
        return new DefaultTlsKeyExchangeFactory() {
            @Override
            public TlsKeyExchange createRSAKeyExchange(int keyExchange) {
                return new KeyUsageBlindRsa(keyExchange);
            }
        };
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
        trace.complete();
        BcSecrets.logSessionSecrets(context, keyLog);
    }

    /**
     * RSA key exchange that encrypts to the server key whatever the certificate's KeyUsage says,
     * as axTLS does (Bouncy Castle otherwise refuses a TLS_RSA certificate without keyEncipherment).
     */
    private static final class KeyUsageBlindRsa extends TlsRSAKeyExchange {
        KeyUsageBlindRsa(int keyExchange) {
            super(keyExchange);
        }

        @Override
        public void processServerCertificate(Certificate serverCertificate) throws IOException {
            // The certificate Bouncy Castle parsed already (LabCrypto keeps it), not a second parse.
            JcaTlsCertificate blind = new JcaTlsCertificate(LabCrypto.sharedJca(),
                    LabCrypto.x509(serverCertificate.getCertificateAt(0))) {
                @Override
                protected void validateKeyUsageBit(int keyUsageBit) {}
            };
            this.serverEncryptor = blind.createEncryptor(TlsCertificateRole.RSA_ENCRYPTION);
        }
    }
}
