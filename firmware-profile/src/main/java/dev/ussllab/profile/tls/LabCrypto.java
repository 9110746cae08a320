package dev.ussllab.profile.tls;

import java.security.SecureRandom;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The one Bouncy Castle crypto back-end every TLS peer here uses, created once per JVM.
 *
 * <p>Chosen by measurement (shared/reference/bouncycastle-tls-notes.md): JcaTlsCrypto on the JDK
 * providers does bulk AES-128-CBC-SHA at 270-410 MB/s against ~55 MB/s for BcTlsCrypto, thanks to
 * the AES-NI intrinsics. The BC provider is registered once (needed for RSASSA-PSS in TLS 1.3 and
 * ECDHE signing); creating a provider per connection costs ~30 ms a handshake.
 */
public final class LabCrypto {

    private static final TlsCrypto SHARED = create();

    private LabCrypto() {}

    public static TlsCrypto shared() {
        return SHARED;
    }

    private static TlsCrypto create() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            // Last in the list: the JDK's own providers (with AES-NI) stay the first choice.
            Security.addProvider(new BouncyCastleProvider());
        }
        return new JcaTlsCryptoProvider().create(new SecureRandom());
    }

    /** For code that needs the concrete type (adopting secrets for key logs). */
    public static JcaTlsCrypto sharedJca() {
        return (JcaTlsCrypto) SHARED;
    }
}
