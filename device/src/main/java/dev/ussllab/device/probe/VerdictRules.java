package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.BoardResult;
import dev.ussllab.device.probe.ProbeReport.CertInfo;
import dev.ussllab.device.probe.ProbeReport.ChainResult;
import dev.ussllab.device.probe.ProbeReport.Fix;
import dev.ussllab.device.probe.ProbeReport.ServerKind;
import dev.ussllab.device.probe.ProbeReport.SuiteResult;
import dev.ussllab.device.probe.ProbeReport.Verdict;
import dev.ussllab.device.tls.HandshakeTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verdict, computed from the check results. Whether the board connects and the line it prints
 * come only from the board's own handshake; the other checks choose the reason and the fix.
 */
final class VerdictRules {

    /** Why the board fails, as far as the checks can tell. */
    enum Cause { NONE, RECORD_TOO_BIG, CERT_HASH, CLIENT_CERT_REFUSED, TLS13_ONLY, NOT_RSA_CERT, NO_SHARED_SUITE,
        HELLO_REFUSED_OTHERWISE, OTHER }

    private VerdictRules() {}

    static Verdict decide(String host, int port, BoardResult board, HandshakeTrace trace, Map<String, Boolean> versions,
            List<SuiteResult> suites, ChainResult chain, ServerKind kind, String sniName) {
        if (board.connects()) {
            return new Verdict(true, List.of(), "the board connects (" + board.protocol() + ", " + board.suite() + ")",
                    List.of(), null);
        }
        Cause cause = cause(board, trace, versions, suites, chain);
        String bridge = bridgeLine(host, port, sniName, trace != null && trace.certificateRequested());
        return new Verdict(false, board.printed(), reason(cause, board, suites, chain), fixes(cause, kind), bridge);
    }

    static Cause cause(BoardResult board, HandshakeTrace trace, Map<String, Boolean> versions, List<SuiteResult> suites,
            ChainResult chain) {
        if (board.code() == -257) {
            return Cause.RECORD_TOO_BIG;
        }
        if (board.code() == -267) {
            return Cause.CERT_HASH;
        }
        if (trace != null && trace.certificateRequested() && trace.stage() == HandshakeTrace.Stage.CLIENT_FLIGHT_SENT) {
            return Cause.CLIENT_CERT_REFUSED;
        }
        if (trace != null && trace.stage() == HandshakeTrace.Stage.CLIENT_HELLO_SENT) {
            if (!Boolean.TRUE.equals(versions.get("TLSv1.2")) && Boolean.TRUE.equals(versions.get("TLSv1.3"))) {
                return Cause.TLS13_ONLY;
            }
            if (!chain.certificates().isEmpty() && !chain.certificates().get(0).keyType().equals("RSA")) {
                return Cause.NOT_RSA_CERT;
            }
            if (suites.stream().noneMatch(SuiteResult::accepted)) {
                return Cause.NO_SHARED_SUITE;
            }
            return Cause.HELLO_REFUSED_OTHERWISE;
        }
        return Cause.OTHER;
    }

    private static String reason(Cause cause, BoardResult board, List<SuiteResult> suites, ChainResult chain) {
        switch (cause) {
            case RECORD_TOO_BIG: {
                return "the server's Certificate message is " + chain.messageLength() + " bytes ("
                        + chain.certificates().size() + " certificates) and arrives in one record; the board's record"
                        + " buffer holds " + chain.recordLimit() + " bytes";
            }
            case CERT_HASH:
            case CLIENT_CERT_REFUSED:
                return board.words();
            case TLS13_ONLY:
                return "the server speaks TLS 1.3 only; the board speaks TLS 1.2 only";
            case NOT_RSA_CERT: {
                CertInfo leaf = chain.certificates().get(0);
                return "the server's certificate is " + leaf.keyType() + " (" + leaf.keyBits() + " bits): the board's"
                        + " four suites are TLS_RSA suites, which need an RSA certificate, so the server refuses them";
            }
            case NO_SHARED_SUITE:
                return "no shared suite: the server enables none of the board's four suites (" + OpenSslNames.BOARD
                        + "; RSA key exchange, no forward secrecy), so it refuses the ClientHello";
            case HELLO_REFUSED_OTHERWISE: {
                List<String> ok = new ArrayList<>();
                for (SuiteResult s : suites) {
                    if (s.accepted()) {
                        ok.add(s.openssl());
                    }
                }
                return "the server accepts " + String.join(", ", ok) + " from a client that also sends extensions"
                        + " the board does not (extended_master_secret, renegotiation_info), but refuses the board's"
                        + " exact ClientHello: " + board.words();
            }
            default:
                return board.words();
        }
    }

    private static List<Fix> fixes(Cause cause, ServerKind kind) {
        String suitesNginx = "ssl_ciphers 'ECDHE+AESGCM:ECDHE+CHACHA20:" + OpenSslNames.BOARD + "'; ssl_protocols TLSv1.2 TLSv1.3;";
        List<Fix> nginx = new ArrayList<>();
        List<Fix> mosquitto = new ArrayList<>();
        List<Fix> python = new ArrayList<>();
        List<Fix> openssl = new ArrayList<>();
        switch (cause) {
            case NO_SHARED_SUITE:
            case HELLO_REFUSED_OTHERWISE:
                nginx.add(new Fix("nginx", suitesNginx));
                mosquitto.add(new Fix("mosquitto", "ciphers ECDHE+AESGCM:" + OpenSslNames.BOARD + " (and tls_version tlsv1.2)"));
                python.add(new Fix("Python", "ctx.set_ciphers('DEFAULT:" + OpenSslNames.BOARD + "')"));
                openssl.add(new Fix("openssl s_server", "-cipher 'DEFAULT:" + OpenSslNames.BOARD + "'"));
                break;
            case NOT_RSA_CERT:
                nginx.add(new Fix("nginx", "serve an RSA certificate too: a second ssl_certificate rsa.pem; ssl_certificate_key"
                        + " rsa.key; pair (nginx picks per client), with " + suitesNginx));
                mosquitto.add(new Fix("mosquitto", "certfile/keyfile: an RSA certificate and key, ciphers including "
                        + OpenSslNames.BOARD));
                python.add(new Fix("Python", "ctx.load_cert_chain('rsa-cert.pem', 'rsa-key.pem') and ctx.set_ciphers('DEFAULT:"
                        + OpenSslNames.BOARD + "')"));
                openssl.add(new Fix("openssl s_server", "-cert rsa-cert.pem -key rsa-key.pem (or add them with -dcert/-dkey)"));
                break;
            case TLS13_ONLY:
                nginx.add(new Fix("nginx", suitesNginx));
                mosquitto.add(new Fix("mosquitto", "tls_version tlsv1.2 (and ciphers including " + OpenSslNames.BOARD + ")"));
                python.add(new Fix("Python", "ctx.minimum_version = ssl.TLSVersion.TLSv1_2 and ctx.set_ciphers('DEFAULT:"
                        + OpenSslNames.BOARD + "')"));
                openssl.add(new Fix("openssl s_server", "drop -tls1_3 (allow TLS 1.2) and add -cipher 'DEFAULT:"
                        + OpenSslNames.BOARD + "'"));
                break;
            case RECORD_TOO_BIG:
                nginx.add(new Fix("nginx", "ssl_certificate with the leaf and at most one intermediate (never the root),"
                        + " or a smaller key"));
                mosquitto.add(new Fix("mosquitto", "certfile with the leaf and at most one intermediate (never the root)"));
                python.add(new Fix("Python", "ctx.load_cert_chain() with a file holding the leaf and at most one intermediate"));
                openssl.add(new Fix("openssl s_server", "-cert leaf.pem without a long -cert_chain"));
                break;
            case CERT_HASH:
            case CLIENT_CERT_REFUSED:
                nginx.add(new Fix("nginx", "ssl_verify_client off; (or give the board a certificate your ssl_client_certificate"
                        + " CA signed, sha256: device --client-key/--client-cert, wrap_socket(key=, cert=))"));
                mosquitto.add(new Fix("mosquitto", "require_certificate false (or give the board a certificate your cafile"
                        + " CA signed, sha256)"));
                python.add(new Fix("Python", "ctx.verify_mode = ssl.CERT_NONE (or give the board a certificate the CA in"
                        + " load_verify_locations signed, sha256)"));
                openssl.add(new Fix("openssl s_server", "drop -verify/-Verify (or give the board a certificate the -CAfile"
                        + " CA signed, sha256)"));
                break;
            default:
                return List.of();
        }
        List<Fix> out = new ArrayList<>();
        if (kind == ServerKind.HTTPS) {
            out.addAll(nginx);
        } else if (kind == ServerKind.MQTT) {
            out.addAll(mosquitto);
        } else {
            out.addAll(nginx);
            out.addAll(mosquitto);
            out.addAll(python);
            out.addAll(openssl);
        }
        return out;
    }

    static String bridgeLine(String host, int port, String sniName, boolean clientCert) {
        String upstream = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return "ussl-lab bridge --listen 0.0.0.0:" + port + " --upstream " + upstream
                + (sniName != null ? " --upstream-sni " + sniName : "")
                + (clientCert ? " --client-key board-key.pem --client-cert board-cert.pem" : "");
    }
}
