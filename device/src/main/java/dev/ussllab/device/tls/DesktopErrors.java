package dev.ussllab.device.tls;

import dev.ussllab.profile.client.CipherSuiteNames;
import dev.ussllab.profile.client.TlsClientProfile;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * Reports a desktop client's failure: the exception line its TLS stack gives (Bouncy Castle or
 * the JDK) and one line in plain words.
 */
final class DesktopErrors {

    /** SunJSSE's wording for a received alert (sun.security.ssl.Alert). */
    private static final Pattern JDK_ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    /** SunJSSE's wording when the first bytes are not a TLS record (SSLEngineInputRecord). */
    private static final String JDK_NOT_TLS = "Unsupported or unrecognized SSL message";

    private DesktopErrors() {}

    static ClientError map(IOException e, TlsClientProfile profile, InetSocketAddress target, int timeoutMs,
            TrustedCertificates trusted) {
        String where = Words.address(target);
        Throwable shown = e instanceof RecordOverflowException || e instanceof PeerClosedException ? e.getCause() : e;
        String line = shown.getClass().getName() + ": " + shown.getMessage();
        return new ClientError(alertCode(e), List.of(line), words(e, profile, where, timeoutMs, trusted));
    }

    private static String words(IOException e, TlsClientProfile profile, String where, int timeoutMs,
            TrustedCertificates trusted) {
        RecordOverflowException overflow = AxtlsErrors.find(e, RecordOverflowException.class);
        if (overflow != null) {
            return overflow.looksLikeText() ? Words.notTls(where, overflow.headerText())
                    : "the server sent a " + overflow.size() + "-byte record, more than TLS allows";
        }
        if (e instanceof PeerClosedException || AxtlsErrors.find(e, EOFException.class) != null
                || String.valueOf(e.getMessage()).contains("Remote host terminated the handshake")) {
            return Words.closed(where);
        }
        if (AxtlsErrors.find(e, ConnectException.class) != null) {
            return Words.refused(where);
        }
        if (AxtlsErrors.find(e, SocketTimeoutException.class) != null) {
            return Words.timeout(where, timeoutMs);
        }
        String alert = alertName(e);
        if (AxtlsErrors.find(e, CertificateException.class) != null || "unknown_ca".equals(alert) && !received(e)) {
            return "the server's certificate is not trusted by " + (trusted == null ? "the CA file" : trusted.file())
                    + ": pass the certificate the server uses with --cafile";
        }
        if ("handshake_failure".equals(alert) || "insufficient_security".equals(alert)) {
            return rsaOnly(profile)
                    ? "the server refused every suite " + profile.name() + " offers (alert " + alert
                            + "): it accepts no RSA key exchange"
                    : "the server shares no protocol version or cipher suite with " + profile.name();
        }
        if ("protocol_version".equals(alert)) {
            return "the server refuses the versions " + profile.name() + " offers " + profile.versions();
        }
        if (alert != null) {
            return "the handshake with " + where + " failed with the alert " + alert;
        }
        if (String.valueOf(e.getMessage()).contains(JDK_NOT_TLS)) {
            return "the server at " + where + " does not speak TLS";
        }
        if (AxtlsErrors.find(e, SocketException.class) != null) {
            return "the server at " + where + " reset the connection";
        }
        return "the TLS exchange with " + where + " failed: " + e.getMessage();
    }

    private static boolean rsaOnly(TlsClientProfile profile) {
        for (String s : CipherSuiteNames.names(profile.cipherSuites())) {
            if (!s.startsWith("TLS_RSA_WITH_")) {
                return false;
            }
        }
        return true;
    }

    private static boolean received(Throwable e) {
        return AxtlsErrors.find(e, TlsFatalAlertReceived.class) != null
                || e.getMessage() != null && JDK_ALERT.matcher(e.getMessage()).find();
    }

    /** The alert's name, received or raised, from either stack; null when there was none. */
    private static String alertName(Throwable e) {
        TlsFatalAlertReceived r = AxtlsErrors.find(e, TlsFatalAlertReceived.class);
        if (r != null) {
            return AlertDescription.getName(r.getAlertDescription());
        }
        TlsFatalAlert a = AxtlsErrors.find(e, TlsFatalAlert.class);
        if (a != null) {
            return AlertDescription.getName(a.getAlertDescription());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null) {
                Matcher m = JDK_ALERT.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static int alertCode(Throwable e) {
        TlsFatalAlertReceived r = AxtlsErrors.find(e, TlsFatalAlertReceived.class);
        return r != null ? r.getAlertDescription() : 0;
    }
}
