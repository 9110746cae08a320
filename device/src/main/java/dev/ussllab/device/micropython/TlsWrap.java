package dev.ussllab.device.micropython;

import java.io.IOException;
import java.net.Socket;

/**
 * What ussl.wrap_socket needs from a TLS client: the emulated ESP8266 (axTLS profile) in
 * production, wired in by the firmware. Kept as an interface so this package does not care how
 * the client is built.
 */
public interface TlsWrap {

    /** Runs the handshake over an already connected socket, as axTLS does inside wrap_socket. */
    Conn wrap(Socket connected, String serverHostname) throws IOException;

    /**
     * As {@link #wrap(Socket, String)} with wrap_socket's key=/cert= already loaded (null: none
     * given, the firmware then answers a CertificateRequest with axTLS's built-in certificate).
     */
    default Conn wrap(Socket connected, String serverHostname, dev.ussllab.device.tls.BoardCredentials credentials)
            throws IOException {
        return wrap(connected, serverHostname);
    }

    /**
     * The handshake with wrap_socket's key= and cert= as the script passed them (each char one
     * byte, ISO-8859-1, so DER bytes pass through), or without when key is null. The firmware takes
     * DER only: PEM text is refused as the board refuses it.
     *
     * @throws InvalidCredentials "invalid key" / "invalid cert": raise ValueError with that text
     */
    default Conn wrap(Socket connected, String serverHostname, String keyPem, String certPem) throws IOException {
        if (keyPem == null) {
            return wrap(connected, serverHostname, (dev.ussllab.device.tls.BoardCredentials) null);
        }
        try {
            return wrap(connected, serverHostname, dev.ussllab.device.tls.BoardCredentials.fromFirmwareBytes(
                    keyPem.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    certPem == null ? null : certPem.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        } catch (dev.ussllab.device.tls.BoardCredentials.InvalidCredentials e) {
            throw new InvalidCredentials(e.firmwareMessage());
        }
    }

    /** key=/cert= the firmware cannot load: MicroPython raises ValueError(message). */
    final class InvalidCredentials extends IOException {
        public InvalidCredentials(String firmwareMessage) {
            super(firmwareMessage);
        }
    }

    /** An established TLS connection with the axTLS socket's blocking semantics. */
    interface Conn {
        void write(byte[] data) throws IOException;

        /** Blocks until n bytes arrived or the peer closed; returns what arrived. */
        byte[] read(int n) throws IOException;

        byte[] readline() throws IOException;

        /** Decrypted bytes waiting to be read (0 if none, or unknown). */
        default int available() {
            return 0;
        }

        void close() throws IOException;
    }

    /**
     * A failure as the board reports it: the OSError arguments MicroPython raises, e.g. (-40) for a
     * handshake_failure alert or (-257, 'RECORD_OVERFLOW').
     */
    final class BoardError extends IOException {
        private final long code;
        private final String name;
        private String consoleLine;

        public BoardError(long code, String name, String detail) {
            super(detail);
            this.code = code;
            this.name = name;
        }

        public long code() {
            return code;
        }

        /** A line the TLS library prints on the console before raising (axTLS's overflow notice), or null. */
        public String consoleLine() {
            return consoleLine;
        }

        public void consoleLine(String line) {
            this.consoleLine = line;
        }

        /** The symbolic name, or null when MicroPython prints the bare number. */
        public String symbol() {
            return name;
        }
    }
}
