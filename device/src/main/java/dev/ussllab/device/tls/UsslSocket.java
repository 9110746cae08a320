package dev.ussllab.device.tls;

import java.io.Closeable;

/**
 * A wrapped socket with the API MicroPython's ussl gives a script: write, read(n), readline,
 * close. Failures are raised the way the board raises them.
 */
public interface UsslSocket extends Closeable {

    /** Sends data in records of at most the profile's write size (1024 plaintext bytes on the ESP8266). */
    void write(byte[] data) throws AxtlsException;

    /** Blocks until n bytes have arrived or the peer closed (then fewer, possibly none). */
    byte[] read(int n) throws AxtlsException;

    /** Returns at a newline (included) or when the peer closed. */
    byte[] readline() throws AxtlsException;

    /** Decrypted bytes waiting to be read (0 if none, or unknown). */
    default int available() {
        return 0;
    }

    /** The negotiated protocol, e.g. "TLSv1.2". */
    String protocol();

    /** The negotiated suite's IANA name, e.g. "TLS_RSA_WITH_AES_128_CBC_SHA". */
    String cipherSuite();

    /** What the server did during the handshake (its chain, a certificate request, the suite). */
    HandshakeTrace trace();

    /** Sends close_notify (best effort) and closes the TCP socket; never throws. */
    @Override
    void close();
}
