package dev.ussllab.host.internal;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionListener;
import dev.ussllab.host.ConnectionObserver;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloParser;
import dev.ussllab.profile.hello.Ja3;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One connection, start to end, on a worker thread: handshake, read one message, answer it
 * upper-cased, close; then one record to the listener. Never throws: every ending is an outcome.
 */
public final class ConnectionHandler implements Runnable {

    /** Everything a handler needs that is the same for all connections, built once at start. */
    public record Shared(ServerCredentials credentials, CipherPolicy policy, int[] suites, int maxMessage,
            int timeoutMillis, KeyLogSink keyLog, ConnectionListener listener,
            ConnectionObserver.Factory observers) {}

    /** TLS record content type handshake (RFC 8446 5.1): every ClientHello record starts with it. */
    private static final int HANDSHAKE_RECORD = 0x16;

    private final Socket socket;
    private final Shared shared;
    private volatile boolean expired;

    public ConnectionHandler(Socket socket, Shared shared) {
        this.socket = socket;
        this.shared = shared;
    }

    /**
     * Ends a connection that has used up its whole time budget (a client trickling one byte per
     * read timeout would otherwise hold a worker for ever). Called from the server's watchdog.
     */
    public void expire() {
        expired = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // the worker sees the closed socket either way
        }
    }

    @Override
    public void run() {
        InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
        InetSocketAddress server = (InetSocketAddress) socket.getLocalSocketAddress();
        ConnectionState state = new ConnectionState(client, server);
        ConnectionObserver observer = ConnectionObserver.NONE;
        TappedStreams taps = new TappedStreams(observer);
        Outcome outcome = Outcome.ERROR;
        String detail = "";
        try {
            observer = shared.observers().open(client, server);
            taps = new TappedStreams(observer);
            // Nagle + delayed ACK cost ~90 ms a handshake (bouncycastle-tls-notes.md).
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(shared.timeoutMillis());
            RecordingServerProtocol tls = new RecordingServerProtocol(
                    taps.wrap(socket.getInputStream()), taps.wrap(socket.getOutputStream()), state);
            tls.accept(new LabTlsServer(shared.credentials(), shared.policy(), shared.suites(), state, shared.keyLog()));
            byte[] message = MessageReader.strip(MessageReader.readMessage(tls.getInputStream(), shared.maxMessage()));
            state.received = message;
            OutputStream out = tls.getOutputStream();
            out.write(MessageReader.upper(message));
            out.flush();
            tls.close();
            outcome = Outcome.OK;
        } catch (SocketTimeoutException e) {
            outcome = Outcome.TIMEOUT;
            detail = (state.handshakeDone == null ? "no complete handshake" : "no message") + " within "
                    + shared.timeoutMillis() / 1000.0 + " s";
        } catch (IOException | RuntimeException e) {
            if (expired) {
                outcome = Outcome.TIMEOUT;
                detail = "connection took longer than its " + 2 * shared.timeoutMillis() / 1000.0 + " s budget";
            } else if (taps.bytesIn() == 0) {
                outcome = Outcome.CLOSED;
                detail = "closed before sending anything";
            } else if (state.clientHello.length == 0 && taps.firstByte() == HANDSHAKE_RECORD) {
                outcome = Outcome.CLOSED;
                detail = "closed before its ClientHello was complete (" + taps.bytesIn() + " bytes)";
            } else if (state.clientHello.length == 0) {
                outcome = Outcome.ERROR; // BC's alert to a non-TLS peer is noise: say what it was
                detail = String.format("not TLS: the first byte is 0x%02x, not a handshake record (0x16)", taps.firstByte());
            } else if (state.alert != null) {
                outcome = Outcome.ALERT;
                detail = state.alert;
            } else if (state.lost != null) {
                outcome = Outcome.CLOSED;
                detail = (state.handshakeDone == null ? "during the handshake: " : "") + state.lost;
            } else {
                outcome = Outcome.CLOSED;
                detail = (state.handshakeDone == null ? "closed during the handshake: " : "closed: ")
                        + dev.ussllab.profile.UserText.of(e);
            }
        } finally {
            try {
                taps.send(); // the reply and close_notify, or the alert that ended the handshake
            } catch (IOException ignored) {
                // the peer has gone: nothing more can reach it
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed by the peer or the deadline
            }
        }
        if (state.clientHello.length > 0) {
            try {
                Ja3 ja3 = Ja3.of(ClientHelloParser.parseHandshake(state.clientHello, ClientHello.NO_RECORD));
                state.ja3 = ja3.md5();
                state.ja3Text = ja3.text();
            } catch (RuntimeException e) {
                state.ja3 = null; // a ClientHello BC accepted but the shared parser did not: leave it out
            }
        }
        ConnectionRecord record = state.toRecord(taps.bytesIn(), taps.bytesOut(), outcome, detail);
        try {
            observer.onClose(record);
        } finally {
            shared.listener().connectionEnded(record);
        }
    }
}
