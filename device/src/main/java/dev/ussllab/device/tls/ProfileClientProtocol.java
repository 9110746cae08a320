package dev.ussllab.device.tls;

import dev.ussllab.profile.client.TlsClientProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;

/**
 * Bouncy Castle's client state machine with one protocol-level hook: just before the ClientHello
 * goes out it is swapped for an {@link ExactClientHello} (suite list without an automatic SCSV,
 * extensions in the profile's order) and, for an uptime-stamped profile, the first four random
 * bytes are set to the board's uptime. The random array is the one Bouncy Castle also keeps as
 * SecurityParameters.clientRandom, so the key derivation uses the bytes that were sent.
 */
final class ProfileClientProtocol extends TlsClientProtocol {

    private final TlsClientProfile profile;
    private final long uptimeSeconds;

    /**
     * @param uptimeSeconds written into random[0..3] when the profile says UPTIME_SECONDS
     */
    ProfileClientProtocol(InputStream in, OutputStream out, TlsClientProfile profile, long uptimeSeconds) {
        super(in, out);
        this.profile = profile;
        this.uptimeSeconds = uptimeSeconds;
    }

    /** Non-blocking mode (offerInput/readOutput), for the fleet. */
    ProfileClientProtocol(TlsClientProfile profile, long uptimeSeconds) {
        this.profile = profile;
        this.uptimeSeconds = uptimeSeconds;
    }

    @Override
    protected void sendClientHelloMessage() throws IOException {
        if (profile.randomPrefix() == TlsClientProfile.RandomPrefix.UPTIME_SECONDS) {
            // axTLS: time() big-endian; on the ESP8266 that counts seconds since boot (fits 32 bits).
            TlsUtils.writeUint32(uptimeSeconds & 0xffffffffL, clientHello.getRandom(), 0);
        }
        int[] order = profile.extensionOrder();
        if (order != null && !(clientHello instanceof ExactClientHello)) {
            clientHello = new ExactClientHello(clientHello, wireSuites(profile), order);
        }
        super.sendClientHelloMessage();
    }

    /** The connection's context (protected in Bouncy Castle), for the negotiated version and suite. */
    TlsContext context() {
        return getContext();
    }

    static int[] wireSuites(TlsClientProfile profile) {
        int[] suites = profile.cipherSuites();
        if (!profile.scsv()) {
            return suites;
        }
        int[] withScsv = Arrays.copyOf(suites, suites.length + 1);
        withScsv[suites.length] = CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
        return withScsv;
    }
}
