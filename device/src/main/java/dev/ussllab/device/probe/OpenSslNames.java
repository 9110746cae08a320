package dev.ussllab.device.probe;

import org.bouncycastle.tls.CipherSuite;

/** The board's four suites in OpenSSL's names (what nginx, mosquitto, Python and s_server take). */
final class OpenSslNames {

    /** All four, in the board's order, as one OpenSSL cipher string. */
    static final String BOARD = "AES128-SHA:AES128-SHA256:AES256-SHA:AES256-SHA256";

    private OpenSslNames() {}

    static String of(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA -> "AES128-SHA";
            case CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256 -> "AES128-SHA256";
            case CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA -> "AES256-SHA";
            case CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256 -> "AES256-SHA256";
            default -> String.format("0x%04x", suite);
        };
    }
}
