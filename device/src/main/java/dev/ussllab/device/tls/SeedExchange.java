package dev.ussllab.device.tls;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.Engine;
import dev.ussllab.profile.client.TlsClientProfile.ErrorStyle;
import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The seed's whole client flow for any profile: connect, wrap, write message + "\n", read the
 * reply, close. Firmware profiles (axTLS error style) run on an {@link EmulatedEsp8266} and read
 * like the board, read(1024): until 1024 bytes or the server closes. Desktop profiles read like
 * the seed's sslclient.py, recv(1024): whatever the first read returns.
 */
public final class SeedExchange {

    /** The seed clients' read size: ssock.read(1024) / ssock.recv(1024). */
    public static final int READ_SIZE = 1024;

    /** How the reply is read. */
    public enum ReadMode {
        /** As the seed: read(1024) on the board (until 1024 bytes or close), recv(1024) on the desktop. */
        SEED,
        /** readline(): returns at the first newline, for servers that keep the connection open. */
        READLINE
    }

    private SeedExchange() {}

    /**
     * @param trusted the CA file for profiles that verify the server; ignored by those that do not
     * @throws LabException BAD_INPUT for input that cannot work (unresolvable host, a verifying
     *     profile without a CA file); everything the server does is reported in the result
     */
    public static ExchangeResult run(TlsClientProfile profile, ServerTarget target, String message,
            TrustedCertificates trusted, KeyLogSink keyLog) {
        return run(profile, target, message, trusted, keyLog, ReadMode.SEED);
    }

    /** As {@link #run(TlsClientProfile, ServerTarget, String, TrustedCertificates, KeyLogSink)}, choosing the read. */
    public static ExchangeResult run(TlsClientProfile profile, ServerTarget target, String message,
            TrustedCertificates trusted, KeyLogSink keyLog, ReadMode mode) {
        if (profile.verification() == Verification.CAFILE && trusted == null) {
            throw LabException.badInput("profile " + profile.name() + " verifies the server and needs a CA file",
                    "pass --cafile cert.pem (the certificate the server uses)");
        }
        if (isBoard(profile)) {
            return onBoard(new EmulatedEsp8266(profile, keyLog), target, message, mode);
        }
        return onDesktop(profile, target, message, trusted, keyLog, mode);
    }

    /** Whether the profile runs as an emulated board (axTLS errors) rather than a desktop client. */
    public static boolean isBoard(TlsClientProfile profile) {
        return profile.engine() == Engine.BOUNCY_CASTLE && profile.errorStyle() == ErrorStyle.AXTLS;
    }

    /** The flow on a given board (its uptime keeps running between exchanges). */
    public static ExchangeResult onBoard(EmulatedEsp8266 board, ServerTarget target, String message) {
        return onBoard(board, target, message, ReadMode.SEED);
    }

    public static ExchangeResult onBoard(EmulatedEsp8266 board, ServerTarget target, String message, ReadMode mode) {
        return onBoard(board, target, Payload.line(message), mode, null);
    }

    /**
     * The flow with any payload, and the key/cert the board holds for a server that asks for a
     * client certificate (null: axTLS's built-in ones, as wrap_socket without key=).
     */
    public static ExchangeResult onBoard(EmulatedEsp8266 board, ServerTarget target, Payload payload, ReadMode mode,
            BoardCredentials credentials) {
        long start = System.nanoTime();
        String name = board.profile().name();
        String message = payload.shown();
        InetSocketAddress address = resolve(target);
        Socket socket;
        try {
            socket = connect(address, target.timeoutMs());
        } catch (IOException e) {
            return failed(name, message, AxtlsErrors.map(e, address, target.timeoutMs()).toClientError(), start);
        }
        String protocol = null;
        String suite = null;
        try (UsslSocket tls = board.wrap(socket, target.serverHostname(), credentials)) {
            protocol = tls.protocol();
            suite = tls.cipherSuite();
            tls.write(payload.bytes());
            byte[] reply = mode == ReadMode.READLINE ? tls.readline() : tls.read(READ_SIZE);
            String received = text(reply, mode);
            if (reply.length == 0) {
                // The board prints an empty reply; the reason is what the user needs.
                ClientError silent = new ClientError(0, java.util.List.of("Sent:     " + message, "Received: "),
                        FailureWords.silentAfterHandshake(tls.trace(), null));
                return new ExchangeResult(name, message, received, protocol, suite, silent, elapsed(start));
            }
            return new ExchangeResult(name, message, received, protocol, suite, null, elapsed(start));
        } catch (AxtlsException e) {
            return new ExchangeResult(name, message, null, protocol, suite, e.toClientError(), elapsed(start));
        }
    }

    private static ExchangeResult onDesktop(TlsClientProfile profile, ServerTarget target, String message,
            TrustedCertificates trusted, KeyLogSink keyLog, ReadMode mode) {
        long start = System.nanoTime();
        InetSocketAddress address = resolve(target);
        String protocol = null;
        String suite = null;
        try (Socket socket = connect(address, target.timeoutMs());
                TlsConnection tls = profile.engine() == Engine.JDK
                        ? JdkConnection.handshake(socket, profile, target.serverHostname(), trusted)
                        : BcConnection.handshake(socket, profile, target.serverHostname(), trusted, keyLog, 0)) {
            protocol = tls.protocol();
            suite = tls.cipherSuite();
            tls.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] reply = mode == ReadMode.READLINE ? tls.readline() : tls.recv(READ_SIZE);
            String received = text(reply, mode);
            return new ExchangeResult(profile.name(), message, received, protocol, suite, null, elapsed(start));
        } catch (IOException e) {
            ClientError error = DesktopErrors.map(e, profile, address, target.timeoutMs(), trusted);
            return new ExchangeResult(profile.name(), message, null, protocol, suite, error, elapsed(start));
        }
    }

    /** The reply as text; the newline that ends a readline() is the line's end, not part of the reply. */
    private static String text(byte[] reply, ReadMode mode) {
        String s = new String(reply, StandardCharsets.UTF_8);
        return mode == ReadMode.READLINE && s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static InetSocketAddress resolve(ServerTarget target) {
        InetSocketAddress a = new InetSocketAddress(target.host(), target.port());
        if (a.isUnresolved()) {
            throw LabException.badInput("cannot resolve host '" + target.host() + "'",
                    "check --host: an address such as 127.0.0.1, or a name this machine can resolve");
        }
        return a;
    }

    /** Connects first, as the board does before wrap_socket; TCP_NODELAY avoids ~90 ms of Nagle per handshake. */
    static Socket connect(InetSocketAddress address, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMs);
            s.setSoTimeout(timeoutMs);
            return s;
        } catch (IOException e) {
            s.close();
            if (e instanceof UnknownHostException) {
                throw LabException.badInput("cannot resolve host '" + address.getHostString() + "'", "check --host");
            }
            throw e;
        }
    }

    private static ExchangeResult failed(String profile, String message, ClientError error, long start) {
        return new ExchangeResult(profile, message, null, null, null, error, elapsed(start));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
