package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * One emulated ESP8266's TLS client without a socket of its own: the same profile, ClientHello,
 * uptime random, record-size limit and error words as {@link EmulatedEsp8266}, but driven by the
 * caller's non-blocking I/O (Bouncy Castle in non-blocking mode: bytes in with {@link #input},
 * bytes out with {@link #output}), so one thread can drive thousands of boards. Not thread-safe.
 */
public final class NonBlockingBoard {

    /** Record header: type(1) version(2) length(2), RFC 5246 6.2.1. */
    private static final int HEADER = 5;

    private final TlsClientProfile profile;
    private final InetSocketAddress target;
    private final ProfileClientProtocol protocol;
    private final byte[] header = new byte[HEADER];
    private int headerLen;
    private long bodyLeft;
    private boolean firstOutput = true;

    /**
     * Starts the handshake: the ClientHello is ready in {@link #output} at once.
     *
     * @param uptimeSeconds the board's seconds since boot, written into the random as axTLS does
     */
    public NonBlockingBoard(TlsClientProfile profile, String serverHostname, long uptimeSeconds, InetSocketAddress target)
            throws AxtlsException {
        this.profile = profile;
        this.target = target;
        this.protocol = new ProfileClientProtocol(profile, uptimeSeconds);
        try {
            protocol.connect(new ProfileTlsClient(profile, serverHostname, null, KeyLogSink.NONE));
        } catch (IOException | RuntimeException e) {
            throw map(e);
        }
    }

    /** Bytes to send now (the board's records), or null when there are none. */
    public byte[] output() {
        int n = protocol.getAvailableOutputBytes();
        if (n == 0) {
            return null;
        }
        byte[] out = new byte[n];
        protocol.readOutput(out, 0, n);
        if (firstOutput && profile.firstRecordVersion() == 0x0303 && n >= 3) {
            // BC writes 0x0301 in the first record header; axTLS 0x0303 (FirstRecordVersion).
            out[1] = (byte) (profile.firstRecordVersion() >>> 8);
            out[2] = (byte) profile.firstRecordVersion();
        }
        firstOutput = false;
        return out;
    }

    /** Bytes the server sent. Refuses a record longer than the board's buffer, as axTLS does. */
    public void input(byte[] b, int off, int n) throws AxtlsException {
        try {
            guard(b, off, n);
            protocol.offerInput(b, off, n);
        } catch (IOException | RuntimeException e) {
            throw map(e);
        }
    }

    /** Looks at each record header before Bouncy Castle does (RecordSizeGuard, for a stream). */
    private void guard(byte[] b, int off, int n) throws RecordOverflowException {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (bodyLeft > 0) {
                int skip = (int) Math.min(bodyLeft, end - i);
                bodyLeft -= skip;
                i += skip;
                continue;
            }
            header[headerLen++] = b[i++];
            if (headerLen == HEADER) {
                headerLen = 0;
                int length = (header[3] & 0xff) << 8 | header[4] & 0xff;
                if (length > profile.receiveRecordLimit()) {
                    throw new RecordOverflowException(length, profile.receiveRecordLimit(), header.clone(), null);
                }
                bodyLeft = length;
            }
        }
    }

    public boolean handshakeDone() {
        return protocol.isConnected() && !protocol.isHandshaking();
    }

    /** Encrypts the message into {@link #output}. */
    public void send(byte[] message) throws AxtlsException {
        try {
            int chunk = Math.max(1, profile.writeRecordSize());
            for (int off = 0; off < message.length; off += chunk) {
                protocol.writeApplicationData(message, off, Math.min(chunk, message.length - off));
            }
        } catch (IOException | RuntimeException e) {
            throw map(e);
        }
    }

    /** Plaintext the server has sent so far (taken), possibly empty. */
    public byte[] reply() {
        int n = protocol.getAvailableInputBytes();
        byte[] r = new byte[n];
        if (n > 0) {
            protocol.readInput(r, 0, n);
        }
        return r;
    }

    /** True once the server's close_notify (or a fatal alert) has closed the TLS connection. */
    public boolean closed() {
        return protocol.isClosed();
    }

    /** close_notify into {@link #output}. */
    public void close() {
        try {
            protocol.close();
        } catch (IOException | RuntimeException e) {
            // the connection is going away either way
        }
    }

    /** The board's error for the server closing the TCP connection under it. */
    public AxtlsException peerClosed() {
        return AxtlsErrors.map(new PeerClosedException(null), target, 0);
    }

    /** The board's error for an exchange that took longer than its timeout. */
    public static AxtlsException timedOut(InetSocketAddress target, int timeoutMs) {
        return AxtlsErrors.map(new SocketTimeoutException("timeout"), target, timeoutMs);
    }

    /** The board's error for a socket-level failure (refused, reset). */
    public static AxtlsException socketError(IOException e, InetSocketAddress target) {
        return AxtlsErrors.map(e, target, 0);
    }

    private AxtlsException map(Exception e) {
        IOException io = e instanceof IOException x ? x : new IOException(e.toString(), e);
        return AxtlsErrors.map(io, target, 0);
    }
}
