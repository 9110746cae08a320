package dev.ussllab.device.tls;

import org.bouncycastle.tls.AlertDescription;

/**
 * The plain-words reason for a failed board handshake, chosen from what the server actually did
 * (the {@link HandshakeTrace}): which message the alert answered, whether the server asked for a
 * client certificate. {@code probe} adds the server-specific fix on top; these words name the
 * generic one.
 */
final class FailureWords {

    /** The board's four suites in OpenSSL's names, the string servers built on OpenSSL take. */
    static final String BOARD_SUITES_OPENSSL = "AES128-SHA:AES128-SHA256:AES256-SHA:AES256-SHA256";

    private FailureWords() {}

    /** "handshake_failure (40)". */
    static String alertName(int d) {
        return AlertDescription.getName((short) d) + " (" + d + ")";
    }

    static String alert(HandshakeTrace t, short d, String where) {
        String alert = "the alert " + alertName(d);
        switch (t.stage()) {
            case CLIENT_HELLO_SENT:
                if (d == AlertDescription.handshake_failure || d == AlertDescription.insufficient_security) {
                    return "the server at " + where + " refused the board's ClientHello with " + alert
                            + ": it shares none of the board's four TLS_RSA suites (" + BOARD_SUITES_OPENSSL
                            + "): it enables no RSA key exchange, or its certificate is not RSA; enable those"
                            + " suites on the server or put `ussl-lab bridge` in front (`ussl-lab probe` says which)";
                }
                if (d == AlertDescription.protocol_version) {
                    return "the server at " + where + " refused TLS 1.2 with " + alert
                            + ": it speaks TLS 1.3 only, the board TLS 1.2 only; allow TLS 1.2 on the server"
                            + " or put `ussl-lab bridge` in front";
                }
                return "the server at " + where + " refused the board's ClientHello with " + alert;
            case CLIENT_FLIGHT_SENT:
                if (t.certificateRequested()) {
                    return "the server at " + where + " asked for a client certificate and refused the board's ("
                            + describeSent(t) + ") with " + alert + fixForRefusedCertificate(t);
                }
                return "the server at " + where + " refused the board's key exchange with " + alert;
            default:
                return "the server at " + where + " ended the handshake with " + alert;
        }
    }

    static String closed(HandshakeTrace t, String where) {
        switch (t.stage()) {
            case CLIENT_HELLO_SENT:
                return "the server at " + where + " closed the connection after the board's ClientHello, without"
                        + " an alert (no shared suite or version?)";
            case CLIENT_FLIGHT_SENT:
                if (t.certificateRequested()) {
                    return "the server at " + where + " asked for a client certificate and closed the connection"
                            + " after the board sent " + describeSent(t) + fixForRefusedCertificate(t);
                }
                return "the server at " + where + " closed the connection after the board's key exchange";
            default:
                return Words.closed(where);
        }
    }

    /** A reset while the board was still sending or waiting: axTLS reports CONN_LOST. */
    static String reset(HandshakeTrace t, String where) {
        if (t.stage() == HandshakeTrace.Stage.CLIENT_FLIGHT_SENT && t.certificateRequested()) {
            return "the server at " + where + " asked for a client certificate and reset the connection after the"
                    + " board sent " + describeSent(t) + fixForRefusedCertificate(t);
        }
        return "the server at " + where + " reset the connection during the handshake";
    }

    static String certHash(HandshakeTrace t, String hash) {
        boolean builtIn = t.clientCredentialsBuiltIn();
        return "the server asked for a client certificate (CertificateRequest) and lists no rsa+" + hash
                + " signature; the board's " + (builtIn ? "built-in axTLS certificate (wrap_socket got no key/cert)"
                        : "certificate") + " is signed with " + hash + ", so axTLS gives up before sending it"
                + " (alert unsupported_certificate, 43); "
                + (builtIn ? "give the board its own certificate signed with sha256 (--client-key/--client-cert)"
                        : "sign the board's certificate with sha256")
                + ", or stop the server asking (nginx: ssl_verify_client off; mosquitto: require_certificate false)";
    }

    private static String describeSent(HandshakeTrace t) {
        if (t.clientCertificateSent() == null) {
            return "no certificate";
        }
        return (t.clientCredentialsBuiltIn() ? "axTLS's built-in certificate " : "the certificate ")
                + t.clientCertificateSent();
    }

    private static String fixForRefusedCertificate(HandshakeTrace t) {
        return t.clientCredentialsBuiltIn()
                ? ": without key=/cert= the board has only axTLS's built-in certificate, which no server trusts;"
                        + " give it a key and certificate the server's CA signed (--client-key/--client-cert)"
                : ": is the certificate signed by a CA the server trusts" + (t.requestedCas().isEmpty() ? ""
                        : " (it names " + String.join("; ", t.requestedCas()) + ")") + "?";
    }

    /** The handshake worked and the server answered nothing (closed, or silent for {@code when}). */
    static String silentAfterHandshake(HandshakeTrace t, String when) {
        return "handshake OK (" + t.serverVersion() + ", " + dev.ussllab.profile.client.CipherSuiteNames.name(t.suite())
                + "); the server sent nothing back" + (when == null ? "" : " " + when)
                + ": it may expect a full request (an HTTP request, an MQTT CONNECT): try --readline or --message-file";
    }
}
