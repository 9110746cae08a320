package dev.ussllab.profile.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * Bouncy Castle's default helper asks the JCA for every cipher, MAC and digest by name, and the
 * JCA walks the provider list each time (several per handshake: two record ciphers, two MACs,
 * the PRF's HMACs, the handshake hashes). This one remembers which provider answered a name the
 * first time and asks that provider directly afterwards: the same provider, found once.
 *
 * <p>An RSA cipher's provider is picked by the key at init (the JCA's delayed provider selection),
 * so one is remembered only when a single installed provider offers that transformation at all
 * (Bouncy Castle's "RSA/NONE/PKCS1Padding" for the client's premaster secret): then the JCA could
 * pick no other. Otherwise the JCA is asked each time. A name no provider has goes to
 * {@link JdkFirstHelper}, which registers Bouncy Castle's provider on the first such miss.
 */
final class ProviderCachingHelper extends JdkFirstHelper {

    /** A provider the JCA would pick for the name, or this marker: ask the JCA every time. */
    private static final Provider ASK_THE_JCA = new Provider("ask-the-jca", "0", "marker") {};

    private final Map<String, Provider> ciphers = new ConcurrentHashMap<>();
    private final Map<String, Provider> macs = new ConcurrentHashMap<>();
    private final Map<String, Provider> digests = new ConcurrentHashMap<>();

    @Override
    public Cipher createCipher(String name) throws NoSuchAlgorithmException, NoSuchPaddingException {
        Provider p = ciphers.get(name);
        if (p == ASK_THE_JCA) {
            return super.createCipher(name);
        }
        if (p != null) {
            try {
                return Cipher.getInstance(name, p);
            } catch (GeneralSecurityException | RuntimeException e) {
                ciphers.remove(name); // the provider went away: look again
            }
        }
        if (name.regionMatches(true, 0, "RSA", 0, 3)) {
            Provider only = onlyProviderOf(name);
            ciphers.put(name, only == null ? ASK_THE_JCA : only);
            return super.createCipher(name); // throws when no provider has it, as before
        }
        Cipher c = super.createCipher(name);
        ciphers.put(name, c.getProvider());
        return c;
    }

    /** The one installed provider with this cipher transformation, or null for none or several. */
    private static Provider onlyProviderOf(String name) {
        Provider found = null;
        for (Provider p : Security.getProviders()) {
            try {
                Cipher.getInstance(name, p);
            } catch (GeneralSecurityException | RuntimeException e) {
                continue;
            }
            if (found != null) {
                return null;
            }
            found = p;
        }
        return found;
    }

    @Override
    public Mac createMac(String name) throws NoSuchAlgorithmException {
        Provider p = macs.get(name);
        if (p != null) {
            try {
                return Mac.getInstance(name, p);
            } catch (GeneralSecurityException | RuntimeException e) {
                macs.remove(name);
            }
        }
        Mac m = super.createMac(name);
        macs.put(name, m.getProvider());
        return m;
    }

    @Override
    public MessageDigest createMessageDigest(String name) throws NoSuchAlgorithmException {
        return digest(name);
    }

    @Override
    public MessageDigest createDigest(String name) throws NoSuchAlgorithmException {
        return digest(name);
    }

    private MessageDigest digest(String name) throws NoSuchAlgorithmException {
        Provider p = digests.get(name);
        if (p != null) {
            try {
                return MessageDigest.getInstance(name, p);
            } catch (GeneralSecurityException | RuntimeException e) {
                digests.remove(name);
            }
        }
        MessageDigest d = super.createDigest(name);
        digests.put(name, d.getProvider());
        return d;
    }
}
