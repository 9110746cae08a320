package dev.ussllab.profile.keylog;

import dev.ussllab.profile.tls.LabCrypto;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * Gets NSS key-log secrets out of a Bouncy Castle TLS peer, which has no key-log switch.
 *
 * <p>Two moments matter, because BC overwrites {@code trafficSecretClient/Server}: in TLS 1.3
 * they first hold the handshake traffic secrets ({@code TlsUtils.establish13PhaseHandshake},
 * labels "c hs traffic"/"s hs traffic") and are replaced by the application secrets ("c ap
 * traffic"/"s ap traffic") before {@code notifyHandshakeComplete}. So a peer calls
 * <ul>
 *   <li>{@link #logHandshakeSecrets} from a hook that BC runs after the handshake secrets exist:
 *       on a client {@code TlsClient.processServerExtensions} (run on EncryptedExtensions), on a
 *       server {@code TlsServer.getCertificateRequest} (run by send13ServerHelloCoda right after
 *       establish13PhaseHandshake); in TLS 1.2 it does nothing;</li>
 *   <li>{@link #logSessionSecrets} from {@code notifyHandshakeComplete}, the last moment before
 *       BC destroys the secrets.</li>
 * </ul>
 * These hook positions were read from the bctls 1.84 bytecode and are pinned by
 * BcSecretsTest, which compares every line with what openssl logs for the same session.
 */
public final class BcSecrets {

    public static final String CLIENT_RANDOM = "CLIENT_RANDOM";
    public static final String CLIENT_HANDSHAKE_TRAFFIC_SECRET = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
    public static final String SERVER_HANDSHAKE_TRAFFIC_SECRET = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
    public static final String CLIENT_TRAFFIC_SECRET_0 = "CLIENT_TRAFFIC_SECRET_0";
    public static final String SERVER_TRAFFIC_SECRET_0 = "SERVER_TRAFFIC_SECRET_0";
    public static final String EXPORTER_SECRET = "EXPORTER_SECRET";

    private BcSecrets() {}

    /** TLS 1.3 handshake traffic secrets; call mid-handshake (see the class comment). */
    public static void logHandshakeSecrets(TlsContext context, KeyLogSink sink) {
        if (sink == KeyLogSink.NONE || context == null) {
            return;
        }
        SecurityParameters sp = context.getSecurityParametersHandshake();
        if (sp == null || !isTls13(sp)) {
            return;
        }
        byte[] random = sp.getClientRandom();
        log(sink, CLIENT_HANDSHAKE_TRAFFIC_SECRET, random, sp.getTrafficSecretClient());
        log(sink, SERVER_HANDSHAKE_TRAFFIC_SECRET, random, sp.getTrafficSecretServer());
    }

    /** TLS 1.2 master secret or TLS 1.3 application and exporter secrets; call from notifyHandshakeComplete. */
    public static void logSessionSecrets(TlsContext context, KeyLogSink sink) {
        if (sink == KeyLogSink.NONE || context == null) {
            return;
        }
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp == null) {
            return;
        }
        byte[] random = sp.getClientRandom();
        if (isTls13(sp)) {
            log(sink, CLIENT_TRAFFIC_SECRET_0, random, sp.getTrafficSecretClient());
            log(sink, SERVER_TRAFFIC_SECRET_0, random, sp.getTrafficSecretServer());
            log(sink, EXPORTER_SECRET, random, sp.getExporterMasterSecret());
        } else {
            log(sink, CLIENT_RANDOM, random, sp.getMasterSecret());
        }
    }

    private static boolean isTls13(SecurityParameters sp) {
        ProtocolVersion v = sp.getNegotiatedVersion();
        return v != null && ProtocolVersion.TLSv13.isEqualOrEarlierVersionOf(v);
    }

    private static void log(KeyLogSink sink, String label, byte[] clientRandom, TlsSecret secret) {
        if (secret == null || clientRandom == null) {
            return;
        }
        sink.log(label, clientRandom.clone(), copy(secret));
    }

    /** The secret's bytes without destroying BC's own copy (extract() destroys what it is called on). */
    static byte[] copy(TlsSecret secret) {
        return LabCrypto.sharedJca().adoptSecret(secret).extract();
    }
}
