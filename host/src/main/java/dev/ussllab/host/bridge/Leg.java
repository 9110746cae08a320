package dev.ussllab.host.bridge;

import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.profile.keylog.BcSecrets;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;

/**
 * One side of a bridged session: its socket, its TLS engine (Bouncy Castle in non-blocking mode),
 * the encrypted bytes waiting to be written, and what the handshake showed. The two legs of a
 * session are the stunnel/haproxy pair: two sockets, two buffers.
 */
final class Leg {

    /** Encrypted bytes taken from the TLS engine at once: one maximum TLS record and its header. */
    static final int OUT_CHUNK = (1 << 14) + 2048 + 5;

    final String name;
    SocketChannel channel;
    SelectionKey key;
    TlsProtocol tls;
    private final ByteBuffer out = ByteBuffer.allocate(OUT_CHUNK).flip();

    /** The peer sent FIN (or the socket broke): nothing more will be read. */
    boolean eof;
    /** The other side sent a bare FIN: send one here once the bytes before it are written. */
    boolean wantsShutdown;
    /** We sent FIN after the other side's FIN (TCP half-close). */
    boolean outputShut;
    boolean handshakeDone;
    String protocol;
    int suite = -1;
    /** The first alert either way, or why verification failed: the cause, not the close after it. */
    String alert;
    /** Encrypted bytes on the wire each way, and plaintext delivered from this leg's peer. */
    long wireIn;
    long wireOut;
    long plainIn;
    Instant handshakeAt;

    /** Secrets of this leg's TLS session, for its Decryption Secrets Block; null when not capturing. */
    final List<String> secrets;
    /** This leg's TCP payload both ways, for the capture; null when not capturing. */
    final List<TcpConnection.Chunk> chunks;
    /** The bridge's end of this leg (fromClient in the capture means: sent by the TLS client). */
    final boolean bridgeIsClient;
    final KeyLogSink keyLog;

    Leg(String name, boolean bridgeIsClient, boolean capturing, KeyLogSink userKeyLog) {
        this.name = name;
        this.bridgeIsClient = bridgeIsClient;
        this.secrets = capturing ? new ArrayList<>() : null;
        this.chunks = capturing ? new ArrayList<>() : null;
        this.keyLog = capturing ? (label, random, secret) -> {
            secrets.add(KeyLogFile.line(label, random, secret));
            userKeyLog.log(label, random, secret);
        } : userKeyLog;
    }

    void alert(String text) {
        if (alert == null) {
            alert = text;
        }
    }

    /** Either side's TLS hooks: an alert this leg's engine sent (close_notify is not a cause). */
    void alertRaised(short description, String message) {
        if (description != AlertDescription.close_notify) {
            alert("sent alert " + AlertDescription.getName(description) + (message == null ? "" : ": " + message));
        }
    }

    /** Either side's TLS hooks: an alert this leg's peer sent. */
    void alertReceived(short description) {
        if (description != AlertDescription.close_notify) {
            alert("received alert " + AlertDescription.getName(description));
        }
    }

    /**
     * Either side's TLS hooks, from notifyHandshakeComplete: what was negotiated, and the session's
     * secrets, which BC destroys right after that callback.
     */
    void handshakeComplete(TlsContext context) {
        handshakeDone = true;
        handshakeAt = Instant.now();
        protocol = context.getServerVersion().getName().replace("TLS ", "TLSv");
        suite = context.getSecurityParametersConnection().getCipherSuite();
        BcSecrets.logSessionSecrets(context, keyLog);
    }

    /** Notes the reason a TLS engine failed, from the alert it raised or the exception. */
    void failed(IOException e) {
        if (e instanceof TlsFatalAlert f) {
            alert("sent alert " + AlertDescription.getName(f.getAlertDescription()));
        } else if (alert == null) {
            alert(dev.ussllab.profile.UserText.of(e));
        }
    }

    /** Encrypted bytes still to be written to this leg's socket. */
    int pendingOut() {
        return out.remaining() + (tls == null ? 0 : tls.getAvailableOutputBytes());
    }

    /** Writes what it can without blocking; true when nothing is left. */
    boolean flush() throws IOException {
        if (outputShut) {
            flushQuietlyDiscard(); // after our FIN nothing can be sent (a last close_notify from close())
            return true;
        }
        while (true) {
            if (!out.hasRemaining()) {
                if (tls == null || tls.getAvailableOutputBytes() == 0) {
                    return true;
                }
                out.clear();
                int n = tls.readOutput(out.array(), 0, out.capacity());
                out.limit(n);
            }
            int start = out.position();
            int n = channel.write(out);
            if (n > 0) {
                wireOut += n;
                record(false, out.array(), start, n);
            }
            if (out.hasRemaining()) {
                return false;
            }
        }
    }

    /** Drops what is queued for a socket that can no longer take it. */
    void flushQuietlyDiscard() {
        out.position(out.limit());
        while (tls != null && tls.getAvailableOutputBytes() > 0) {
            tls.readOutput(out.array(), 0, out.capacity());
        }
    }

    /** Bytes read from this leg's socket, for the capture. */
    void recordIn(byte[] b, int off, int len) {
        wireIn += len;
        record(true, b, off, len);
    }

    private void record(boolean inbound, byte[] b, int off, int len) {
        if (chunks != null && len > 0) {
            Instant now = Instant.now();
            boolean fromClient = inbound != bridgeIsClient;
            chunks.add(new TcpConnection.Chunk(now.getEpochSecond() * 1_000_000_000L + now.getNano(), fromClient,
                    Arrays.copyOfRange(b, off, off + len)));
        }
    }

    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing left to save
            }
        }
    }
}
