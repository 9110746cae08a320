package dev.ussllab.host.internal;

import dev.ussllab.profile.keylog.KeyLogSink;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * One connection's secrets in the NSS key-log vocabulary, handed to the sink when the handshake
 * completes (so a failed handshake logs nothing). Does no work when the sink is NONE.
 */
final class SessionSecrets {

    private final KeyLogSink sink;
    private final JcaTlsCrypto crypto;
    private final List<Object[]> pending = new ArrayList<>();

    SessionSecrets(KeyLogSink sink, JcaTlsCrypto crypto) {
        this.sink = sink;
        this.crypto = crypto;
    }

    /** TLS 1.3: the handshake traffic secrets, which exist only until the Finished messages. */
    void handshakeSecretsReady(TlsContext context) {
        if (sink == KeyLogSink.NONE) {
            return;
        }
        SecurityParameters sp = context.getSecurityParametersHandshake();
        keep("CLIENT_HANDSHAKE_TRAFFIC_SECRET", sp.getBaseKeyClient());
        keep("SERVER_HANDSHAKE_TRAFFIC_SECRET", sp.getBaseKeyServer());
    }

    void handshakeComplete(TlsContext context) {
        if (sink == KeyLogSink.NONE) {
            return;
        }
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (TlsUtils.isTLSv13(context)) {
            keep("CLIENT_TRAFFIC_SECRET_0", sp.getTrafficSecretClient());
            keep("SERVER_TRAFFIC_SECRET_0", sp.getTrafficSecretServer());
            keep("EXPORTER_SECRET", sp.getExporterMasterSecret());
        } else {
            keep("CLIENT_RANDOM", sp.getMasterSecret());
        }
        byte[] clientRandom = sp.getClientRandom();
        for (Object[] p : pending) {
            sink.log((String) p[0], clientRandom.clone(), (byte[]) p[1]);
        }
        pending.clear();
    }

    private void keep(String label, TlsSecret secret) {
        if (secret != null) {
            // extract() destroys a secret: take a copy so BC's own stays usable.
            pending.add(new Object[] {label, crypto.adoptSecret(secret).extract()});
        }
    }
}
