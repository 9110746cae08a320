package dev.ussllab.device.tls;

import dev.ussllab.profile.client.CipherSuiteNames;
import dev.ussllab.profile.client.TlsClientProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The running JDK's own SSLSocket, layered over the connected socket, with the profile's versions
 * and suites and a trust manager holding only the CA file. Hostname verification stays off (no
 * endpoint identification algorithm), like the seed's check_hostname = False.
 */
final class JdkConnection extends TlsConnection {

    private final SSLSocket ssl;

    private JdkConnection(Socket socket, SSLSocket ssl, int writeRecordSize) {
        super(socket, writeRecordSize);
        this.ssl = ssl;
    }

    static JdkConnection handshake(Socket socket, TlsClientProfile profile, String serverHostname,
            TrustedCertificates trusted) throws IOException {
        socket.setTcpNoDelay(true);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trusted.trustManager()}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("the JDK cannot create a TLS context: " + e.getMessage(), e);
        }
        // The name given here is what the JDK sends as SNI (never for an IP literal).
        String peerName = serverHostname != null ? serverHostname : socket.getInetAddress().getHostAddress();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, peerName, socket.getPort(), true);
        ssl.setEnabledProtocols(profile.versions().toArray(String[]::new));
        // The JDK lists the SCSV among its enabled suites; the profile keeps it as a flag.
        ssl.setEnabledCipherSuites(CipherSuiteNames.names(ProfileClientProtocol.wireSuites(profile)).toArray(String[]::new));
        JdkConnection c = new JdkConnection(socket, ssl, profile.writeRecordSize());
        try {
            ssl.startHandshake();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw c.explain(e);
        }
        return c;
    }

    @Override
    InputStream in() throws IOException {
        return ssl.getInputStream();
    }

    @Override
    OutputStream out() throws IOException {
        return ssl.getOutputStream();
    }

    @Override
    String protocol() {
        return ssl.getSession().getProtocol();
    }

    @Override
    String cipherSuite() {
        return ssl.getSession().getCipherSuite();
    }

    @Override
    void closeTls() {
        try {
            ssl.close();
        } catch (IOException e) {
            // the peer may be gone already: closing anyway
        }
    }
}
