package dev.ussllab.device.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the seed's client flow: what was sent, what came back, what was negotiated, or how
 * it failed.
 *
 * @param profile the client profile's name
 * @param sent the message as given (the wire also carries a trailing newline)
 * @param received the reply as text (UTF-8), or null on failure
 * @param protocol the negotiated protocol ("TLSv1.2"), or null if the handshake did not finish
 * @param cipherSuite the negotiated suite's IANA name, or null
 * @param error how it failed, or null
 * @param millis wall time from connect to close
 */
public record ExchangeResult(String profile, String sent, String received, String protocol, String cipherSuite,
        ClientError error, long millis) {

    public boolean ok() {
        return error == null;
    }

    /** What the seed's client prints: "Sent:     M" and "Received: R" on success, the error lines otherwise. */
    public List<String> seedLines() {
        if (ok()) {
            return List.of("Sent:     " + sent, "Received: " + received);
        }
        return new ArrayList<>(error.printed());
    }
}
