package dev.ussllab.host.internal;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.ConnectionRecord.Outcome;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one connection has shown so far, filled in by the TLS callbacks and the handler on the
 * connection's own worker thread, frozen into a {@link ConnectionRecord} at the end.
 */
final class ConnectionState {

    final InetSocketAddress client;
    final InetSocketAddress server;
    final Instant started = Instant.now();
    final List<Integer> offered = new ArrayList<>();
    byte[] clientHello = new byte[0];
    String serverName;
    String ja3;
    String ja3Text;
    String protocol;
    int cipherSuite = -1;
    Instant handshakeDone;
    /** The first alert either way: the cause, not the close that follows it. */
    String alert;
    byte[] received = new byte[0];
    /** Why the connection broke underneath TLS (reset, EOF mid-record), or null. */
    String lost;
    /** The subject of the client certificate that was verified (--require-client-cert), or null. */
    String clientSubject;

    ConnectionState(InetSocketAddress client, InetSocketAddress server) {
        this.client = client;
        this.server = server;
    }

    void alert(String text) {
        if (alert == null) {
            alert = text;
        }
    }

    void lost(String why) {
        if (lost == null) {
            lost = why;
        }
    }

    ConnectionRecord toRecord(long bytesIn, long bytesOut, Outcome outcome, String detail) {
        return new ConnectionRecord(client, server, protocol, cipherSuite, offered, serverName, ja3, ja3Text,
                clientHello, bytesIn, bytesOut, outcome, detail == null ? "" : detail, received,
                started, handshakeDone, Instant.now(), clientSubject);
    }
}
