package dev.ussllab.host.hello;

import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.suites.CipherSuiteInfo;
import java.util.List;

/**
 * Whether a session that starts with this ClientHello could be decrypted with the server's RSA
 * key alone (Wireshark's RSA key list), should the server pick an RSA-key-exchange suite: that
 * needs TLS 1.2 or lower and at least one TLS_RSA_* suite offered. Everything else (ECDHE, DHE,
 * TLS 1.3) is forward secret and needs a key log.
 *
 * @param possible true when a server can choose a decryptable session
 * @param rsaSuites the RSA-key-exchange suites offered, in the client's order
 * @param reason one line in plain words
 */
public record Decryptability(boolean possible, List<Integer> rsaSuites, String reason) {

    /** extended_master_secret (RFC 7627): the master secret also hashes the handshake. */
    private static final int EXTENDED_MASTER_SECRET = 23;

    public static Decryptability of(ClientHello h) {
        List<Integer> rsa = h.cipherSuites().stream().filter(CipherSuiteInfo::isRsaKeyExchange).toList();
        if (!h.offersTls12OrLower()) {
            return new Decryptability(false, rsa, "no: TLS 1.3 only, whose key exchange is always ephemeral");
        }
        if (rsa.isEmpty()) {
            return new Decryptability(false, rsa,
                    "no: no RSA-key-exchange suite offered, every suite is forward secret (use a key log)");
        }
        String ems = h.has(EXTENDED_MASTER_SECRET)
                ? "; it offers extended_master_secret, so the decryptor needs the whole handshake" : "";
        return new Decryptability(true, rsa, "yes, if the server picks one of its " + rsa.size()
                + " RSA-key-exchange suites (first: " + CipherSuiteInfo.name(rsa.get(0)) + ")" + ems);
    }
}
