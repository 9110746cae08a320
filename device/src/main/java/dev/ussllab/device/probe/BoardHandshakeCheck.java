package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.BoardResult;
import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.BoardCredentials;
import dev.ussllab.device.tls.EmulatedEsp8266;
import dev.ussllab.device.tls.HandshakeTrace;
import dev.ussllab.device.tls.UsslSocket;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * The board's own handshake: the emulated ESP8266, the same code {@code device} runs, its exact
 * ClientHello, limits and error mapping. The verdict's board line comes from here, so probe
 * cannot say something {@code device} would not print.
 */
final class BoardHandshakeCheck {

    /** The result and what the server did during it. */
    record Outcome(BoardResult result, HandshakeTrace trace) {}

    private BoardHandshakeCheck() {}

    /** @throws IOException when the TCP connect itself fails (nothing listens, unreachable, timeout) */
    static Outcome run(InetSocketAddress address, int timeoutMs, String serverHostname, BoardCredentials credentials)
            throws IOException {
        EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE);
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMs);
            s.setSoTimeout(timeoutMs);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        try (UsslSocket tls = board.wrap(s, serverHostname, credentials)) {
            return new Outcome(new BoardResult(true, tls.protocol(), tls.cipherSuite(), List.of(), 0, null, serverHostname),
                    tls.trace());
        } catch (AxtlsException e) {
            HandshakeTrace t = e.trace();
            String suite = t != null && t.suite() >= 0 ? dev.ussllab.profile.client.CipherSuiteNames.name(t.suite()) : null;
            return new Outcome(new BoardResult(false, t == null ? null : t.serverVersion(), suite, e.printed(), e.code(),
                    e.plainWords(), serverHostname), t);
        }
    }
}
