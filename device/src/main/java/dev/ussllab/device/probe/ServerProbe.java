package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.BoardResult;
import dev.ussllab.device.probe.ProbeReport.ChainResult;
import dev.ussllab.device.probe.ProbeReport.ClientCertificateResult;
import dev.ussllab.device.probe.ProbeReport.ServerKind;
import dev.ussllab.device.probe.ProbeReport.SniResult;
import dev.ussllab.device.probe.ProbeReport.SuiteResult;
import dev.ussllab.device.probe.ProbeReport.Verdict;
import dev.ussllab.device.tls.BoardCredentials;
import dev.ussllab.device.tls.HandshakeTrace;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.Profiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * {@code ussl-lab probe}: will the board connect to this server, and if not, why and what to
 * change. Several short handshakes, nothing sent after them; each check is its own class with a
 * typed result, the verdict is computed from the results ({@link VerdictRules}).
 */
public final class ServerProbe {

    /** An IPv4 or IPv6 literal: no SNI to compare then unless --server-hostname names one. */
    private static final Pattern ADDRESS = Pattern.compile("^[0-9.]+$|:");

    private ServerProbe() {}

    /**
     * @param serverHostname the board's server_hostname (sent as SNI), as {@code device --server-hostname}; also
     *     the name the SNI check compares; null: no SNI for the board, and HOST is compared when it is a name
     * @param credentials the board's key and certificate for a server that asks, or null (axTLS's built-in ones)
     * @throws LabException BAD_INPUT for an unresolvable host or nothing listening (exit 2)
     */
    public static ProbeReport run(String host, int port, String serverHostname, Duration timeout,
            BoardCredentials credentials) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw LabException.badInput("cannot resolve host '" + host + "'",
                    "give an address such as 192.168.1.10 or a name this machine can resolve");
        }
        int t = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String sniName = serverHostname != null ? serverHostname : ADDRESS.matcher(host).find() ? null : host;
        try {
            BoardHandshakeCheck.Outcome board = BoardHandshakeCheck.run(address, t, serverHostname, credentials);
            HandshakeTrace trace = board.trace();
            Map<String, Boolean> versions = VersionsCheck.run(address, t, serverHostname);
            List<SuiteResult> suites = BoardSuitesCheck.run(address, t, serverHostname);
            ProtocolVersion[] modern = ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
            ProbeClient.Seen without = ProbeClient.look(address, t, modern, ProbeClient.BROAD, null, true,
                    ProbeClient.StopAt.CERTIFICATE);
            ProbeClient.Seen with = sniName == null ? without : ProbeClient.look(address, t, modern, ProbeClient.BROAD,
                    sniName, true, ProbeClient.StopAt.CERTIFICATE);
            ProbeClient.Seen asBoard = serverHostname == null ? without : with;
            BoardResult other = null;
            if (sniName != null) {
                other = BoardHandshakeCheck.run(address, t, serverHostname == null ? sniName : null, credentials).result();
            }
            SniResult sni = serverHostname == null
                    ? SniCheck.compare(sniName, without, with, board.result(), other)
                    : SniCheck.compare(sniName, without, with, other, board.result());
            ChainResult chain = ChainCheck.run(trace, asBoard, Profiles.esp8266().receiveRecordLimit());
            ClientCertificateResult clientCert = clientCertificate(trace, asBoard);
            ServerKind kind = ServerKindCheck.of(asBoard.alpn, port);
            Verdict verdict = VerdictRules.decide(host, port, board.result(), trace, versions, suites, chain, kind, sniName);
            return new ProbeReport(host, port, versions, suites, board.result(), chain, clientCert, sni, kind, verdict);
        } catch (ConnectException e) {
            throw LabException.badInput("nothing listens on " + where + " (connection refused)",
                    "start the server or check HOST:PORT");
        } catch (SocketTimeoutException e) {
            throw LabException.badInput(where + " did not accept a connection within " + timeout.toSeconds() + " s",
                    "check the address, the port and any firewall");
        } catch (NoRouteToHostException e) {
            throw LabException.badInput("no route to " + where, "check the address");
        } catch (IOException e) {
            throw LabException.failure("the connection to " + where + " failed during the probe: " + e.getMessage(), null);
        }
    }

    private static ClientCertificateResult clientCertificate(HandshakeTrace trace, ProbeClient.Seen modern) {
        if (trace != null && (trace.certificateRequested() || trace.stage() == HandshakeTrace.Stage.CLIENT_FLIGHT_SENT
                || trace.stage() == HandshakeTrace.Stage.COMPLETE)) {
            return new ClientCertificateResult(trace.certificateRequested(), trace.requestedCas(), "the board's handshake");
        }
        return new ClientCertificateResult(modern.certificateRequested, List.copyOf(modern.requestedCas),
                "a modern client");
    }
}
