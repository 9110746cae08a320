package dev.ussllab.host;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the host saw on one connection, handed to {@link ConnectionListener}s when it ends.
 * Capture, compare and the demo read these instead of parsing the log.
 *
 * @param client the peer's address and port
 * @param server the local address and port it connected to
 * @param protocol "TLSv1.2" / "TLSv1.3", or null when no handshake completed
 * @param cipherSuite the negotiated suite, or -1
 * @param offeredSuites the suites in the ClientHello, in wire order (SCSV and GREASE included)
 * @param serverName the SNI host name, or null when none was sent
 * @param ja3 the JA3 fingerprint (MD5, hex) of the ClientHello, or null when none was parsed
 * @param ja3Text the JA3 string the fingerprint hashes, or null
 * @param clientHello the first ClientHello handshake message (4-byte header + body), or empty
 * @param bytesIn TCP payload bytes received (TLS records, not plaintext)
 * @param bytesOut TCP payload bytes sent
 * @param outcome how it ended
 * @param detail the alert or error in words ("sent alert handshake_failure: ..."), or ""
 * @param received the plaintext message read (after strip), or empty
 * @param started when the connection was accepted
 * @param handshakeDone when the handshake completed, or null if it did not
 * @param ended when the host closed it
 * @param clientSubject the verified client certificate's subject (host --require-client-cert), or null
 */
public record ConnectionRecord(
        InetSocketAddress client,
        InetSocketAddress server,
        String protocol,
        int cipherSuite,
        List<Integer> offeredSuites,
        String serverName,
        String ja3,
        String ja3Text,
        byte[] clientHello,
        long bytesIn,
        long bytesOut,
        Outcome outcome,
        String detail,
        byte[] received,
        Instant started,
        Instant handshakeDone,
        Instant ended,
        String clientSubject) {

    /** A record of a connection that showed no client certificate. */
    public ConnectionRecord(InetSocketAddress client, InetSocketAddress server, String protocol, int cipherSuite,
            List<Integer> offeredSuites, String serverName, String ja3, String ja3Text, byte[] clientHello, long bytesIn,
            long bytesOut, Outcome outcome, String detail, byte[] received, Instant started, Instant handshakeDone,
            Instant ended) {
        this(client, server, protocol, cipherSuite, offeredSuites, serverName, ja3, ja3Text, clientHello, bytesIn,
                bytesOut, outcome, detail, received, started, handshakeDone, ended, null);
    }

    /** How a connection ended. */
    public enum Outcome {
        /** Message read and answered. */
        OK,
        /** A TLS alert ended it (ours or the peer's). */
        ALERT,
        /** The peer's handshake and message were not complete by the deadline (--timeout from accept). */
        TIMEOUT,
        /** The peer closed the connection or it broke before the exchange finished. */
        CLOSED,
        /** Not TLS, or another error. */
        ERROR,
        /** As many connections open as the host takes (--max-connections): closed at once. */
        BUSY
    }

    public ConnectionRecord {
        offeredSuites = List.copyOf(offeredSuites);
        clientHello = clientHello.clone();
        received = received.clone();
    }

    @Override
    public byte[] clientHello() {
        return clientHello.clone();
    }

    @Override
    public byte[] received() {
        return received.clone();
    }

    public String cipherSuiteName() {
        return cipherSuite < 0 ? null : CipherPolicy.suiteName(cipherSuite);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }

    /** Offered suites as 4-digit hex codes in wire order, the form the ESP8266 reference uses. */
    public String offeredHex() {
        // HexFormat, not String.format: this runs for every connection's log line, 17-40 suites each.
        return offeredSuites.stream().map(s -> HexFormat.of().toHexDigits(s.shortValue())).collect(Collectors.joining(" "));
    }

    /** "127.0.0.1:12345" or "[::1]:12345": IPv6 in brackets and with its zero run shortened. */
    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        if (a.getAddress() instanceof java.net.Inet6Address) {
            int scope = host.indexOf('%');
            host = (scope < 0 ? host : host.substring(0, scope)).replaceFirst("(^|:)(0(:|$)){2,}", "::");
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }

    /**
     * The host's one log line for this connection: who, what was negotiated, what was offered, SNI,
     * JA3, bytes each way, outcome.
     */
    public String logLine() {
        StringBuilder b = new StringBuilder();
        b.append(hostPort(client));
        b.append(' ').append(protocol == null ? "-" : protocol);
        b.append(' ').append(cipherSuite < 0 ? "-" : cipherSuiteName());
        b.append(" offered=[").append(offeredHex()).append(']');
        b.append(" sni=").append(serverName == null ? "-" : serverName);
        b.append(" ja3=").append(ja3 == null ? "-" : ja3);
        if (clientSubject != null) {
            b.append(" client=\"").append(clientSubject).append('"');
        }
        b.append(" in=").append(bytesIn).append(" out=").append(bytesOut);
        b.append(' ').append(outcome.name().toLowerCase());
        if (!detail.isEmpty()) {
            b.append(": ").append(detail);
        }
        b.append(" (").append(duration().toMillis()).append(" ms)");
        return b.toString();
    }
}
