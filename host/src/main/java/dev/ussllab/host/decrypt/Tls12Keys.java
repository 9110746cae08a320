package dev.ussllab.host.decrypt;

import dev.ussllab.host.crypto.RsaProvider;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The TLS 1.2 PRF and what is derived with it (RFC 5246 5, 6.3, 8.1; RFC 7627 4). Pure. */
final class Tls12Keys {

    static final int MASTER_SECRET_LENGTH = 48;

    private Tls12Keys() {}

    /**
     * The HMAC the PRF runs on: the native provider's where it has loaded (the JDK's SHA-256 runs as
     * plain Java under the quick JIT decrypt uses: about 5% of a key-log run's CPU went to it), else
     * the JDK's. One per session serves its master secret and its key block.
     */
    static Mac hmac(CipherSuite suite, RsaProvider crypto) throws GeneralSecurityException {
        return crypto == null ? Mac.getInstance(suite.hmacForHash()) : crypto.mac(suite.hmacForHash());
    }

    /** P_hash(secret, label + seed) truncated to length (RFC 5246 5), on mac (initialised here with the secret). */
    static byte[] prf(Mac mac, byte[] secret, String label, byte[] seed, int length) throws GeneralSecurityException {
        mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, mac.getAlgorithm()));
        byte[] labelSeed = concat(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = labelSeed;
        while (out.size() < length) {
            a = mac.doFinal(a);
            mac.update(a);
            out.writeBytes(mac.doFinal(labelSeed));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    /** @param crypto who hashes the transcript for the extended master secret, or null for the JDK */
    static byte[] masterSecret(Mac mac, CipherSuite suite, byte[] premaster, Handshake hs, RsaProvider crypto)
            throws GeneralSecurityException {
        if (hs.extendedMasterSecret) {
            MessageDigest digest = crypto == null ? MessageDigest.getInstance(suite.hash()) : crypto.digest(suite.hash());
            byte[] sessionHash = digest.digest(hs.transcriptToClientKeyExchange.toByteArray());
            return prf(mac, premaster, "extended master secret", sessionHash, MASTER_SECRET_LENGTH);
        }
        return prf(mac, premaster, "master secret", concat(hs.clientRandom, hs.serverRandom), MASTER_SECRET_LENGTH);
    }

    /** The key block split as RFC 5246 6.3 orders it: MAC keys, keys, fixed IVs; client first. */
    record KeyBlock(byte[] clientMac, byte[] serverMac, byte[] clientKey, byte[] serverKey, byte[] clientIv, byte[] serverIv) {}

    static KeyBlock keyBlock(Mac prf, CipherSuite suite, byte[] master, byte[] clientRandom, byte[] serverRandom)
            throws GeneralSecurityException {
        int mac = suite.bulk().aead ? 0 : suite.macLength();
        int key = suite.bulk().keyLength;
        int iv = suite.bulk().fixedIvLength;
        byte[] b = prf(prf, master, "key expansion", concat(serverRandom, clientRandom), 2 * (mac + key + iv));
        int p = 0;
        byte[] cm = Arrays.copyOfRange(b, p, p += mac);
        byte[] sm = Arrays.copyOfRange(b, p, p += mac);
        byte[] ck = Arrays.copyOfRange(b, p, p += key);
        byte[] sk = Arrays.copyOfRange(b, p, p += key);
        byte[] ci = Arrays.copyOfRange(b, p, p += iv);
        byte[] si = Arrays.copyOfRange(b, p, p + iv);
        return new KeyBlock(cm, sm, ck, sk, ci, si);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
