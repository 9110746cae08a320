package dev.ussllab.device.tls;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * Turns what went wrong in the emulation into what the board would raise. MicroPython's ussl
 * (extmod/modussl_axtls.c ussl_raise_error) raises OSError(code, name) for the axTLS codes it has a
 * name for (-1..-4, -256..-274), a bare OSError(code) otherwise (alerts: -alert); lwIP socket
 * errors surface as OSError(errno) with MicroPython's errno numbers, printed "[Errno N] NAME".
 *
 * <pre>
 * what happened here                         board prints                          why
 * record longer than 5115 bytes              TLS buffer overflow, record size: N (+5)
 *                                            OSError: (-257, 'RECORD_OVERFLOW')    axTLS basic_read
 * fatal alert d from the server              OSError: -d                           axTLS returns -alert
 * we reject the server's bytes (alert d):
 *   unexpected_message                       OSError: (-261, 'INVALID_PROT_MSG')
 *   bad_record_mac                           OSError: (-262, 'INVALID_HMAC')
 *   protocol_version                         OSError: (-263, 'INVALID_VERSION')
 *   unsupported_extension                    OSError: (-264, 'UNSUPPORTED_EXTENSION')
 *   bad/unsupported/unknown certificate      OSError: (-268, 'BAD_CERTIFICATE')
 *   decrypt_error (Finished does not verify) OSError: (-271, 'FINISHED_INVALID')
 *   any other                                OSError: (-260, 'INVALID_HANDSHAKE')
 * our certificate's hash not in the server's
 *   CertificateRequest (AxtlsClientAuth)     OSError: (-267, 'INVALID_CERT_HASH_ALG') send_certificate
 * peer closed during the handshake           OSError: (-256, 'CONN_LOST')
 * reset / broken pipe during the handshake   OSError: (-256, 'CONN_LOST')          basic_read and
 *                                            send_raw_packet turn any socket error into CONN_LOST
 * connection refused (RST answers the SYN)   OSError: [Errno 104] ECONNRESET       lwIP ERR_RST
 * connection reset / broken pipe             OSError: [Errno 104] ECONNRESET
 * no answer within the socket timeout        OSError: [Errno 110] ETIMEDOUT        settimeout()
 *   (also read(n) of a short reply from a server that keeps the connection open)
 * no route to host                           OSError: [Errno 113] EHOSTUNREACH
 * </pre>
 * The closest-code rows for locally detected errors are this project's choice: axTLS detects those
 * conditions in its own parser, which Bouncy Castle replaces here.
 */
final class AxtlsErrors {

    static final int RECORD_OVERFLOW = -257;
    static final int CONN_LOST = -256;
    static final int INVALID_HANDSHAKE = -260;
    static final int INVALID_PROT_MSG = -261;
    static final int INVALID_HMAC = -262;
    static final int INVALID_VERSION = -263;
    static final int UNSUPPORTED_EXTENSION = -264;
    static final int INVALID_CERT_HASH_ALG = -267;
    static final int BAD_CERTIFICATE = -268;
    static final int FINISHED_INVALID = -271;
    /** MicroPython's errno numbers (py/mperrno.h, Linux values). */
    static final int ECONNRESET = 104;
    static final int ETIMEDOUT = 110;
    static final int EHOSTUNREACH = 113;

    private AxtlsErrors() {}

    /**
     * @param target the server, for the plain words
     * @param timeoutMs the socket timeout in force (0 = none)
     */
    static AxtlsException map(IOException e, InetSocketAddress target, int timeoutMs) {
        return map(e, target, timeoutMs, null);
    }

    /** @param trace what the server did so far (chooses the plain words), or null */
    static AxtlsException map(IOException e, InetSocketAddress target, int timeoutMs, HandshakeTrace trace) {
        return mapped(e, target, timeoutMs, trace).withTrace(trace);
    }

    private static AxtlsException mapped(IOException e, InetSocketAddress target, int timeoutMs, HandshakeTrace trace) {
        if (e instanceof AxtlsException ax) {
            return ax;
        }
        HandshakeTrace t = trace == null ? new HandshakeTrace() : trace;
        boolean inHandshake = trace != null && trace.stage() != HandshakeTrace.Stage.COMPLETE;
        String where = Words.address(target);
        RecordOverflowException overflow = find(e, RecordOverflowException.class);
        if (overflow != null) {
            return new AxtlsException(RECORD_OVERFLOW, "OSError: (-257, 'RECORD_OVERFLOW')",
                    "TLS buffer overflow, record size: " + overflow.size() + " (+5)",
                    overflow.looksLikeText() ? Words.notTls(where, overflow.headerText())
                            : "the server sent a " + overflow.size() + "-byte record; the board receives at most "
                                    + overflow.limit() + " bytes (a large certificate chain? serve one small certificate)",
                    e);
        }
        if (e instanceof PeerClosedException) {
            return named(CONN_LOST, "CONN_LOST", FailureWords.closed(t, where), e);
        }
        TlsFatalAlertReceived received = find(e, TlsFatalAlertReceived.class);
        if (received != null) {
            short d = received.getAlertDescription();
            return new AxtlsException(-d, "OSError: -" + d, null, FailureWords.alert(t, d, where), e);
        }
        AxtlsClientAuth.InvalidCertHashAlg hashAlg = find(e, AxtlsClientAuth.InvalidCertHashAlg.class);
        if (hashAlg != null) {
            return named(INVALID_CERT_HASH_ALG, "INVALID_CERT_HASH_ALG", FailureWords.certHash(t, hashAlg.hash()), e);
        }
        if (inHandshake && find(e, SocketException.class) != null && find(e, ConnectException.class) == null) {
            return named(CONN_LOST, "CONN_LOST", FailureWords.reset(t, where), e);
        }
        TlsFatalAlert raised = find(e, TlsFatalAlert.class);
        if (raised != null) {
            return raisedAlert(raised, where, e);
        }
        if (find(e, ConnectException.class) != null) {
            return errno(ECONNRESET, "ECONNRESET", Words.refused(where), e);
        }
        PartialReadTimeout partial = find(e, PartialReadTimeout.class);
        if (partial != null) {
            return errno(ETIMEDOUT, "ETIMEDOUT", "the server at " + where + " sent " + partial.got()
                    + " bytes and kept the connection open: read(" + partial.wanted()
                    + ") waits for that many bytes or the close, as on the board (use --readline)", e);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            if (trace != null && trace.stage() == HandshakeTrace.Stage.COMPLETE) {
                return errno(ETIMEDOUT, "ETIMEDOUT", FailureWords.silentAfterHandshake(trace,
                        "within " + Words.seconds(timeoutMs)), e);
            }
            return errno(ETIMEDOUT, "ETIMEDOUT", Words.timeout(where, timeoutMs), e);
        }
        if (find(e, NoRouteToHostException.class) != null) {
            return errno(EHOSTUNREACH, "EHOSTUNREACH", "no route to " + where + ": check the address", e);
        }
        SocketException se = find(e, SocketException.class);
        if (se != null) {
            return errno(ECONNRESET, "ECONNRESET", "the server at " + where + " reset the connection", e);
        }
        return named(CONN_LOST, "CONN_LOST", Words.closed(where), e);
    }

    private static AxtlsException raisedAlert(TlsFatalAlert alert, String where, IOException cause) {
        short d = alert.getAlertDescription();
        String detail = alert.getMessage() == null ? AlertDescription.getText(d) : alert.getMessage();
        String words = "the server's answer broke the TLS rules (" + detail + ")";
        switch (d) {
            case AlertDescription.unexpected_message:
                return named(INVALID_PROT_MSG, "INVALID_PROT_MSG", words, cause);
            case AlertDescription.bad_record_mac:
                return named(INVALID_HMAC, "INVALID_HMAC", "a record from " + where + " failed its MAC check", cause);
            case AlertDescription.protocol_version:
                return named(INVALID_VERSION, "INVALID_VERSION",
                        "the server at " + where + " did not answer with TLS 1.2, the only version the ESP8266 speaks", cause);
            case AlertDescription.unsupported_extension:
                return named(UNSUPPORTED_EXTENSION, "UNSUPPORTED_EXTENSION", words, cause);
            case AlertDescription.bad_certificate:
            case AlertDescription.unsupported_certificate:
            case AlertDescription.certificate_unknown:
                return named(BAD_CERTIFICATE, "BAD_CERTIFICATE",
                        "the server's certificate is unusable for RSA key exchange (" + detail + ")", cause);
            case AlertDescription.decrypt_error:
                return named(FINISHED_INVALID, "FINISHED_INVALID", words, cause);
            default:
                return named(INVALID_HANDSHAKE, "INVALID_HANDSHAKE", words, cause);
        }
    }

    private static AxtlsException named(int code, String name, String words, Throwable cause) {
        return new AxtlsException(code, "OSError: (" + code + ", '" + name + "')", null, words, cause);
    }

    private static AxtlsException errno(int errno, String name, String words, Throwable cause) {
        return new AxtlsException(errno, "OSError: [Errno " + errno + "] " + name, null, words, cause);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
