package dev.ussllab.host.internal;

import dev.ussllab.host.CipherPolicy;
import java.io.IOException;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsUtils;

/**
 * How the host serves TLS to a board, as Bouncy Castle hooks: versions, suites and their order
 * from a {@link CipherPolicy}, key.pem and cert.pem from the {@link ServerCredentials}, and the
 * tolerance of embedded clients. The host ({@link LabTlsServer}) and the board's leg of the bridge
 * both extend it; each notes what it sees where it keeps it. Everything here is set in the
 * constructor from objects made once at start: nothing is looked up or allocated per handshake.
 */
public abstract class HostTlsServer extends DefaultTlsServer {

    protected final ServerCredentials credentials;
    private final CipherPolicy policy;
    private final int[] suites;

    /** suites: the policy's suites the crypto provider supports, worked out once at start. */
    protected HostTlsServer(ServerCredentials credentials, CipherPolicy policy, int[] suites) {
        super(credentials.crypto());
        this.credentials = credentials;
        this.policy = policy;
        this.suites = suites;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return policy.protocolVersions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return suites;
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return policy.serverOrder();
    }

    /** axTLS (the ESP8266) sends neither renegotiation_info nor the SCSV; we never renegotiate. */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        // accepted either way
    }

    /**
     * The seed's clients and the board close without close_notify; the message is still whole
     * (the bridge sees it as a TCP FIN and relays it).
     */
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

    /** BC's default throws for TLS 1.3 (no key exchange algorithm there): sign with the RSA key. */
    @Override
    public TlsCredentials getCredentials() throws IOException {
        return TlsUtils.isTLSv13(context) ? credentials.signer(context) : super.getCredentials();
    }
}
