package dev.ussllab.profile.keylog;

import dev.ussllab.profile.tls.LabCrypto;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JceDefaultTlsCredentialedDecryptor;
import java.util.Hashtable;

/** A minimal BC client and server wired to {@link BcSecrets} the way real peers must be. */
final class BcTestPeers {

    private BcTestPeers() {}

    static final class Client extends DefaultTlsClient {
        private final KeyLogSink sink;
        private final ProtocolVersion version;

        Client(KeyLogSink sink, ProtocolVersion version) {
            super(LabCrypto.shared());
            this.sink = sink;
            this.version = version;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return version.only();
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            BcSecrets.logHandshakeSecrets(context, sink);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            BcSecrets.logSessionSecrets(context, sink);
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    // Test peer: the server is our own openssl child on loopback.
                }
            };
        }
    }

    static final class Server extends DefaultTlsServer {
        private final KeyLogSink sink;
        private final ProtocolVersion version;
        private final byte[] certDer;
        private final PrivateKey key;

        Server(KeyLogSink sink, ProtocolVersion version, Path certPem, Path keyPem) throws IOException {
            super(LabCrypto.shared());
            this.sink = sink;
            this.version = version;
            try (Reader r = Files.newBufferedReader(certPem)) {
                certDer = ((org.bouncycastle.cert.X509CertificateHolder) new PEMParser(r).readObject()).getEncoded();
            }
            try (Reader r = Files.newBufferedReader(keyPem)) {
                key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) new PEMParser(r).readObject());
            }
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return version.only();
        }

        @Override
        public CertificateRequest getCertificateRequest() throws IOException {
            BcSecrets.logHandshakeSecrets(context, sink);
            return null;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            BcSecrets.logSessionSecrets(context, sink);
        }

        private Certificate certificate(boolean tls13) throws IOException {
            TlsCertificate c = getCrypto().createCertificate(certDer);
            return tls13
                    ? new Certificate(TlsUtils.EMPTY_BYTES, new CertificateEntry[] {new CertificateEntry(c, null)})
                    : new Certificate(new TlsCertificate[] {c});
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            if (TlsUtils.isTLSv13(context)) {
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), LabCrypto.sharedJca(), key,
                        certificate(true), SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            }
            return super.getCredentials();
        }

        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), LabCrypto.sharedJca(), key,
                    certificate(false), SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        }

        @Override
        protected TlsCredentialedDecryptor getRSAEncryptionCredentials() throws IOException {
            return new JceDefaultTlsCredentialedDecryptor(LabCrypto.sharedJca(), certificate(false), key);
        }
    }
}
