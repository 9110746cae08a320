package dev.ussllab.device.tls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure as MicroPython's ussl (axTLS) on the ESP8266 reports it: an OSError carrying either a
 * negative axTLS code (with the code's name for the codes MicroPython has a name for) or a
 * positive errno from the socket layer.
 */
public class AxtlsException extends IOException {

    private final int code;
    private final String boardLine;
    private final String consoleLine;
    private final String plainWords;
    private HandshakeTrace trace;

    /**
     * @param consoleLine a line axTLS prints itself before the error (e.g. the buffer overflow
     *     notice), or null
     */
    AxtlsException(int code, String boardLine, String consoleLine, String plainWords, Throwable cause) {
        super(boardLine + ": " + plainWords, cause);
        this.code = code;
        this.boardLine = boardLine;
        this.consoleLine = consoleLine;
        this.plainWords = plainWords;
    }

    /** The axTLS code (negative, e.g. -40, -257) or the errno (positive, e.g. 104). */
    public int code() {
        return code;
    }

    /** Exactly what the board prints: "OSError: -40" or "OSError: (-257, 'RECORD_OVERFLOW')". */
    public String boardLine() {
        return boardLine;
    }

    /** What axTLS printed on the console before failing, e.g. "TLS buffer overflow, record size: 6344 (+5)", or null. */
    public String consoleLine() {
        return consoleLine;
    }

    /** What the server did before the failure, or null when the failure came before any TLS. */
    public HandshakeTrace trace() {
        return trace;
    }

    AxtlsException withTrace(HandshakeTrace t) {
        if (trace == null) {
            trace = t;
        }
        return this;
    }

    /** One line for humans. */
    public String plainWords() {
        return plainWords;
    }

    /** Everything the board prints, in order. */
    public List<String> printed() {
        List<String> lines = new ArrayList<>(2);
        if (consoleLine != null) {
            lines.add(consoleLine);
        }
        lines.add(boardLine);
        return lines;
    }

    public ClientError toClientError() {
        return new ClientError(code, printed(), plainWords);
    }
}
