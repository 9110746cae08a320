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
     * The handshake with a client certificate (ussl.wrap_socket's key= and cert=, PEM text), or
     * without when both are null.
     */
    default Conn wrap(Socket connected, String serverHostname, String keyPem, String certPem) throws IOException {
        if (keyPem != null || certPem != null) {
            throw new BoardError(-2, null, "client certificates (key=/cert=) are not supported by this TLS client yet");
        }
        return wrap(connected, serverHostname);
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
