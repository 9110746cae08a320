package dev.ussllab.device.probe;

import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;

/**
 * One short look at the server with Bouncy Castle's client: chosen versions and suites, optional
 * SNI and ALPN, stopping as soon as it has what it came for (the ServerHello, or the certificate
 * and any CertificateRequest). Nothing is sent after the handshake.
 */
final class ProbeClient extends DefaultTlsClient {

    /** Every suite a modern or legacy server might pick: TLS 1.3, ECDHE (both key types), DHE, RSA. */
    static final int[] BROAD = {
        CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
    };

    /** Where the look stops. */
    enum StopAt { SERVER_HELLO, CERTIFICATE }

    /** What one look saw. */
    static final class Seen {
        ProtocolVersion version;
        int suite = -1;
        String alpn;
        final List<byte[]> chain = new ArrayList<>();
        boolean certificateRequested;
        final List<String> requestedCas = new ArrayList<>();
        /** How the look ended when the server did not get that far, e.g. "alert handshake_failure (40)". */
        String failure;
    }

    private static final class Stop extends TlsFatalAlert {
        Stop() {
            super(AlertDescription.user_canceled, "probe: seen enough");
        }
    }

    private final ProtocolVersion[] versions;
    private final int[] suites;
    private final String sni;
    private final boolean alpn;
    private final StopAt stopAt;
    private final Seen seen = new Seen();

    private ProbeClient(ProtocolVersion[] versions, int[] suites, String sni, boolean alpn, StopAt stopAt) {
        super(LabCrypto.shared());
        this.versions = versions;
        this.suites = suites;
        this.sni = sni;
        this.alpn = alpn;
        this.stopAt = stopAt;
    }

    /**
     * Runs one look on a fresh connection.
     *
     * @throws IOException only when the TCP connection itself fails (refused, unreachable, timeout)
     */
    static Seen look(InetSocketAddress address, int timeoutMs, ProtocolVersion[] versions, int[] suites, String sni,
            boolean alpn, StopAt stopAt) throws IOException {
        ProbeClient client = new ProbeClient(versions, suites, sni, alpn, stopAt);
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMs);
            s.setSoTimeout(timeoutMs);
            TlsClientProtocol protocol = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
            try {
                protocol.connect(client);
                protocol.close();
            } catch (Stop e) {
                // seen enough
            } catch (IOException | RuntimeException e) {
                if (client.seen.failure == null) {
                    client.seen.failure = describe(e);
                }
            }
        }
        return client.seen;
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.bouncycastle.tls.TlsFatalAlertReceived r) {
                return "alert " + AlertDescription.getName(r.getAlertDescription()) + " (" + r.getAlertDescription() + ")";
            }
        }
        return e instanceof TlsFatalAlert a ? "our alert " + AlertDescription.getName(a.getAlertDescription())
                : String.valueOf(e.getMessage());
    }

    static String versionName(ProtocolVersion v) {
        if (v == null) {
            return null;
        }
        if (ProtocolVersion.TLSv13.equals(v)) {
            return "TLSv1.3";
        }
        if (ProtocolVersion.TLSv12.equals(v)) {
            return "TLSv1.2";
        }
        if (ProtocolVersion.TLSv11.equals(v)) {
            return "TLSv1.1";
        }
        return ProtocolVersion.TLSv10.equals(v) ? "TLSv1.0" : v.toString();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return versions;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), suites);
    }

    @Override
    protected Vector getSNIServerNames() {
        if (sni == null) {
            return null;
        }
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, sni.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    protected Vector getProtocolNames() {
        if (!alpn) {
            return null;
        }
        Vector<ProtocolName> names = new Vector<>();
        names.add(ProtocolName.HTTP_1_1);
        names.add(ProtocolName.asUtf8Encoding("mqtt"));
        return names;
    }

    @Override
    public void notifyServerVersion(ProtocolVersion serverVersion) throws IOException {
        super.notifyServerVersion(serverVersion);
        seen.version = serverVersion;
    }

    @Override
    public void notifySelectedCipherSuite(int selectedCipherSuite) {
        super.notifySelectedCipherSuite(selectedCipherSuite);
        seen.suite = selectedCipherSuite;
    }

    @Override
    public void processServerExtensions(java.util.Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        ProtocolName p = serverExtensions == null ? null
                : org.bouncycastle.tls.TlsExtensionsUtils.getALPNExtensionServer(serverExtensions);
        if (p != null) {
            seen.alpn = p.getUtf8Decoding();
        }
        if (stopAt == StopAt.SERVER_HELLO) {
            throw new Stop();
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate c = serverCertificate.getCertificate();
                for (int i = 0; c != null && i < c.getLength(); i++) {
                    seen.chain.add(c.getCertificateAt(i).getEncoded());
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                seen.certificateRequested = true;
                if (request.getCertificateAuthorities() != null) {
                    for (Object n : request.getCertificateAuthorities()) {
                        seen.requestedCas.add(RFC4519Style.INSTANCE.toString((X500Name) n));
                    }
                }
                throw new Stop();
            }
        };
    }

    /** In TLS 1.2 the CertificateRequest comes after the Certificate; stop at ServerHelloDone. */
    @Override
    public Vector getClientSupplementalData() throws IOException {
        if (stopAt == StopAt.CERTIFICATE) {
            throw new Stop();
        }
        return null;
    }

    /** TLS 1.3: the certificate (and any request) came before the server's Finished. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (stopAt == StopAt.CERTIFICATE) {
            throw new Stop();
        }
    }
}
