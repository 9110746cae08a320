package dev.ussllab.profile.tls;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The one Bouncy Castle crypto back-end every TLS peer here uses, created once per JVM.
 *
 * <p>Chosen by measurement (shared/reference/bouncycastle-tls-notes.md): JcaTlsCrypto on the JDK
 * providers does bulk AES-128-CBC-SHA at 270-410 MB/s against ~55 MB/s for BcTlsCrypto, thanks to
 * the AES-NI intrinsics. The BC provider is registered once, when the JDK's providers first lack
 * an algorithm (BC's RSASSA-PSS and ECDSA signature names in TLS 1.3 and ECDHE signing; see
 * {@link JdkFirstHelper}), not at start: the emulated board's exchange never needs it. Creating a
 * provider per connection would cost ~30 ms a handshake.
 */
public final class LabCrypto {

    private static final TlsCrypto SHARED = create();

    private LabCrypto() {}

    public static TlsCrypto shared() {
        return SHARED;
    }

    private static TlsCrypto create() {
        JcaJceHelper helper = new JdkFirstHelper();
        return new JcaTlsCryptoProvider() {
            @Override
            public JcaJceHelper getHelper() {
                return helper;
            }
        }.create(new SecureRandom());
    }

    /** The Bouncy Castle provider, registered (last) if it is not yet. */
    public static Provider bouncyCastle() {
        return JdkFirstHelper.bouncyCastle();
    }

    /** For code that needs the concrete type (adopting secrets for key logs). */
    public static JcaTlsCrypto sharedJca() {
        return (JcaTlsCrypto) SHARED;
    }
}
