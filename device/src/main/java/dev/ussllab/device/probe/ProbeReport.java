package dev.ussllab.device.probe;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code probe} found, as typed results (one per check) and the verdict computed from
 * them. The text and JSON renderers both read this object.
 *
 * @param host the address as given
 * @param port the TCP port
 * @param versions TLS 1.0-1.3, each accepted or not
 * @param suites the board's four suites, each accepted or not when offered alone
 * @param board the board's own handshake (the exact ClientHello, the same code as {@code device})
 * @param chain the certificate chain as the server sends it, against the board's record buffer
 * @param clientCertificate whether the server asks for a client certificate
 * @param sni whether the answer changes with SNI
 * @param serverKind what kind of server it looks like, for the fix's syntax
 * @param verdict the conclusion
 */
public record ProbeReport(String host, int port, Map<String, Boolean> versions, List<SuiteResult> suites,
        BoardResult board, ChainResult chain, ClientCertificateResult clientCertificate, SniResult sni,
        ServerKind serverKind, Verdict verdict) {

    /** One of the board's suites offered alone (TLS 1.2, the board's signature algorithms). */
    public record SuiteResult(String iana, String openssl, boolean accepted) {}

    /**
     * The board's exact handshake.
     *
     * @param connects whether it completed
     * @param protocol "TLSv1.2" or null
     * @param suite the suite the server picked for the board's ClientHello, or null
     * @param printed what the board prints on failure (the last line is the OSError), empty on success
     * @param code the board's error code (0 on success)
     * @param words device's plain words for the failure, or null
     * @param serverSniName the server_hostname the board sent, or null
     */
    public record BoardResult(boolean connects, String protocol, String suite, List<String> printed, int code,
            String words, String serverSniName) {}

    /** One certificate as sent. */
    public record CertInfo(String subject, String keyType, int keyBits, String signatureAlgorithm, int derLength) {}

    /**
     * @param certificates leaf first, as sent
     * @param messageLength the Certificate handshake message's length (header included)
     * @param recordLimit the largest record the board receives
     * @param seenBy "the board's handshake" or "a modern client" (when the board got no certificate)
     */
    public record ChainResult(List<CertInfo> certificates, int messageLength, int recordLimit, String seenBy) {
        public boolean fits() {
            return messageLength <= recordLimit;
        }
    }

    /** @param requested whether a CertificateRequest came; cas the CA names it listed */
    public record ClientCertificateResult(boolean requested, List<String> cas, String seenBy) {}

    /**
     * @param name the server_hostname compared, or null when none could be (an address and no --server-hostname)
     * @param differs whether the certificate or the board's outcome changed with it
     * @param detail what changed, in words
     */
    public record SniResult(String name, boolean differs, String detail) {}

    /** What the server looks like, so the fix can be given in its own syntax. */
    public enum ServerKind {
        HTTPS("an HTTPS server (nginx?)"),
        MQTT("an MQTT broker (mosquitto?)"),
        UNKNOWN("unknown");

        public final String words;

        ServerKind(String words) {
            this.words = words;
        }
    }

    /** A setting that would let the board in, for one kind of server. */
    public record Fix(String server, String setting) {}

    /**
     * @param connects whether the board connects (exit 0)
     * @param boardLines exactly what the board prints (empty when it connects)
     * @param reason the reason in plain words
     * @param fixes server settings that would let the board in, the recognised server's first
     * @param bridge the `ussl-lab bridge` line for a server that is not the user's, or null
     */
    public record Verdict(boolean connects, List<String> boardLines, String reason, List<Fix> fixes, String bridge) {}
}
