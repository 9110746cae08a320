package dev.ussllab.host.bridge;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionRecord;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * One bridged session, as it ended: who, both legs' protocol and suite, plaintext bytes each way
 * (up: board to server; down: server to board), how long, and how it ended.
 */
public record SessionRecord(InetSocketAddress board, String upstream, String boardProtocol, int boardSuite,
        String upstreamProtocol, int upstreamSuite, long bytesUp, long bytesDown, Instant start, Instant end,
        Outcome outcome, String detail) {

    public enum Outcome {
        /** Both legs ended normally (close_notify or FIN) and everything was relayed. */
        OK,
        /** The board's handshake failed or the board broke the connection. */
        BOARD_FAILED,
        /** The upstream could not be reached, or its handshake failed. */
        UPSTREAM_FAILED,
        /** The upstream's certificate was not trusted: the board's connection was closed. */
        UPSTREAM_UNTRUSTED,
        /** A deadline passed: handshake too slow, or idle too long. */
        TIMEOUT,
        /** Refused at accept: too many sessions, or too many bytes before a handshake. */
        REFUSED,
        /** The bridge was stopped while the session ran. */
        STOPPED
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** "board 127.0.0.1:5555 -> mqtt.example:8883 board TLSv1.2 TLS_RSA_... upstream TLSv1.3 ... up=.. down=.. ok (12 ms)" */
    public String logLine() {
        StringBuilder b = new StringBuilder();
        b.append(board == null ? "?" : ConnectionRecord.hostPort(board)).append(" -> ").append(upstream);
        b.append(" board ").append(leg(boardProtocol, boardSuite));
        b.append(" upstream ").append(leg(upstreamProtocol, upstreamSuite));
        b.append(" up=").append(bytesUp).append(" down=").append(bytesDown);
        b.append(' ').append(outcome.name().toLowerCase().replace('_', '-'));
        if (detail != null && !detail.isEmpty()) {
            b.append(": ").append(detail);
        }
        b.append(" (").append(duration().toMillis()).append(" ms)");
        return b.toString();
    }

    private static String leg(String protocol, int suite) {
        return protocol == null ? "-" : protocol + " " + CipherPolicy.suiteName(suite);
    }
}
