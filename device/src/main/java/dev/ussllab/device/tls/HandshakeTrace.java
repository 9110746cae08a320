package dev.ussllab.device.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server did during one board handshake, as the client saw it: whether a ServerHello
 * came, the suite, the certificate chain as sent, whether (and how) it asked for a client
 * certificate, whether the board answered with one. Failure reasons and {@code probe} read it; it
 * is filled by the TLS client's callbacks, so it reflects the exact handshake {@code device} runs.
 */
public final class HandshakeTrace {

    /** How far the handshake got. */
    public enum Stage {
        /** The ClientHello went out; nothing usable came back yet. */
        CLIENT_HELLO_SENT,
        /** A ServerHello arrived (version and suite chosen). */
        SERVER_HELLO,
        /** The board sent its second flight (key exchange, maybe a certificate). */
        CLIENT_FLIGHT_SENT,
        /** Finished verified both ways. */
        COMPLETE
    }

    private volatile Stage stage = Stage.CLIENT_HELLO_SENT;
    private volatile String serverVersion;
    private volatile int suite = -1;
    private final List<byte[]> serverChain = new ArrayList<>();
    private volatile boolean certificateRequested;
    private final List<String> requestedCas = new ArrayList<>();
    private final List<Integer> requestedSigAlgs = new ArrayList<>();
    private volatile String clientCertificateSent;
    private volatile boolean clientCredentialsBuiltIn;
    private volatile int largestRecord;

    public Stage stage() {
        return stage;
    }

    /** "TLSv1.2" once the ServerHello came, else null. */
    public String serverVersion() {
        return serverVersion;
    }

    /** The suite the server picked (IANA code), or -1. */
    public int suite() {
        return suite;
    }

    /** The server's Certificate message as sent: DER of each certificate, leaf first. */
    public synchronized List<byte[]> serverChain() {
        return List.copyOf(serverChain);
    }

    /** The Certificate handshake message's length on the wire (4-byte header included), or 0. */
    public synchronized int certificateMessageLength() {
        if (serverChain.isEmpty()) {
            return 0;
        }
        int body = 3;
        for (byte[] c : serverChain) {
            body += 3 + c.length;
        }
        return 4 + body;
    }

    public boolean certificateRequested() {
        return certificateRequested;
    }

    /** The CA names the CertificateRequest listed (RFC 2253), possibly none. */
    public synchronized List<String> requestedCas() {
        return List.copyOf(requestedCas);
    }

    /** The CertificateRequest's signature algorithms as 2-byte codes (hash << 8 | signature). */
    public synchronized List<Integer> requestedSigAlgs() {
        return List.copyOf(requestedSigAlgs);
    }

    /** The subject of the certificate the board sent, or null when it sent none. */
    public String clientCertificateSent() {
        return clientCertificateSent;
    }

    /** Whether the board's credentials were axTLS's built-in ones (wrap_socket without key/cert). */
    public boolean clientCredentialsBuiltIn() {
        return clientCredentialsBuiltIn;
    }

    void clientCredentialsBuiltIn(boolean builtIn) {
        this.clientCredentialsBuiltIn = builtIn;
    }

    /** The largest record length the server sent (header excluded). */
    public int largestRecord() {
        return largestRecord;
    }

    void serverHello(String version, int suite) {
        this.serverVersion = version;
        this.suite = suite;
        this.stage = Stage.SERVER_HELLO;
    }

    synchronized void serverChain(List<byte[]> chain) {
        serverChain.clear();
        serverChain.addAll(chain);
    }

    synchronized void certificateRequest(List<String> cas, List<Integer> sigAlgs) {
        certificateRequested = true;
        requestedCas.clear();
        requestedCas.addAll(cas);
        requestedSigAlgs.clear();
        requestedSigAlgs.addAll(sigAlgs);
    }

    void clientCertificateSent(String subject) {
        this.clientCertificateSent = subject;
    }

    void clientFlightSent() {
        if (stage == Stage.SERVER_HELLO) {
            stage = Stage.CLIENT_FLIGHT_SENT;
        }
    }

    void complete() {
        stage = Stage.COMPLETE;
    }

    void record(int length) {
        if (length > largestRecord) {
            largestRecord = length;
        }
    }
}
