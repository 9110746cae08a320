package dev.ussllab.device.tls;

import java.util.List;

/**
 * How one client reported a failure: the lines it prints (for the ESP8266, exactly what the board
 * prints; the last is the exception line) and one line in plain words.
 *
 * @param code the client's error code (axTLS code or errno for the board; 0 when it has none)
 * @param printed the lines the client itself prints, last line = the exception
 * @param plainWords what went wrong and what to do, in one line
 */
public record ClientError(int code, List<String> printed, String plainWords) {

    public ClientError {
        printed = List.copyOf(printed);
    }

    /** The exception line (the last printed line). */
    public String exceptionLine() {
        return printed.get(printed.size() - 1);
    }
}
