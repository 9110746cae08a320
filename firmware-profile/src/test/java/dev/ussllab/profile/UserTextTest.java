package dev.ussllab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The class-name filter every user-facing line passes through (issue 12: no BC or JDK class names). */
class UserTextTest {

    @Test
    void javaAndBouncyCastleNamesGoPythonNamesStay() {
        assumeTrue(!UserText.verbose(), "USSL_LAB_VERBOSE is set: names are kept on purpose");
        assertEquals("Received fatal alert: handshake_failure",
                UserText.clean("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"));
        assertEquals("handshake_failure(40)", UserText.clean("org.bouncycastle.tls.TlsFatalAlert: handshake_failure(40)"));
        assertEquals("handshake_failure(40)", UserText.clean("TlsFatalAlertReceived: handshake_failure(40)"));
        assertEquals("closed: Connection reset", UserText.clean("closed: java.net.SocketException: Connection reset"));
        assertEquals("the program raised OSError: -40", UserText.clean("the program raised OSError: -40"));
        assertEquals("ssl.SSLError: [SSL] record overflow", UserText.clean("ssl.SSLError: [SSL] record overflow"));
        assertEquals("an unexplained I/O error", UserText.of(new java.io.EOFException()));
        assertEquals("an unexplained error", UserText.of(new NullPointerException()));
        assertEquals("Connection refused", UserText.of(new IOException("java.net.ConnectException: Connection refused")));
    }
}
