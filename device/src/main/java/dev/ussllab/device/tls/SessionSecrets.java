package dev.ussllab.device.tls;

import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.profile.tls.LabCrypto;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * Hands a finished handshake's secrets to a key-log sink. Called from notifyHandshakeComplete,
 * the last moment they exist: Bouncy Castle destroys them right after that callback.
 */
final class SessionSecrets {

    /** NSS key-log label for a TLS 1.2 master secret. */
    static final String CLIENT_RANDOM = "CLIENT_RANDOM";

    private SessionSecrets() {}

    static void log(TlsContext context, KeyLogSink sink) {
        if (sink == KeyLogSink.NONE) {
            return;
        }
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp == null) {
            return;
        }
        if (ProtocolVersion.TLSv13.isEqualOrEarlierVersionOf(sp.getNegotiatedVersion())) {
            // TLS 1.3 traffic secrets: the capture branch logs them here.
            return;
        }
        sink.log(CLIENT_RANDOM, sp.getClientRandom().clone(), copy(sp.getMasterSecret()));
    }

    /** extract() destroys a secret, so extract from an adopted copy and leave the original alone. */
    private static byte[] copy(TlsSecret secret) {
        return LabCrypto.sharedJca().adoptSecret(secret).extract();
    }
}
