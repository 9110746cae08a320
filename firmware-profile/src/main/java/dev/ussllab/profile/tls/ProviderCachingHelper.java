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
 *
 * <p>A preferred provider ({@link #prefer}) is asked first for every cipher, MAC and digest it
 * has, RSA included: the native one (Amazon Corretto Crypto Provider) for the processes that run
 * the quick JIT only, where the JDK's AES, SHA and BigInteger code runs without the CPU's
 * instructions (issue 13: a fleet board's RSA public operation, its PRF and its records were 0.96
 * ms of CPU per handshake with the JDK's, 0.52 ms with the native provider's).
 */
final class ProviderCachingHelper extends JdkFirstHelper {

    /** A provider the JCA would pick for the name, or this marker: ask the JCA every time. */
    private static final Provider ASK_THE_JCA = new Provider("ask-the-jca", "0", "marker") {};

    private final Map<String, Provider> ciphers = new ConcurrentHashMap<>();
    private final Map<String, Provider> macs = new ConcurrentHashMap<>();
    private final Map<String, Provider> digests = new ConcurrentHashMap<>();
    private volatile Provider preferred;

    /** Asks {@code p} first from now on (null: the JCA's order again); forgets what was found. */
    void prefer(Provider p) {
        preferred = p;
        ciphers.clear();
        macs.clear();
        digests.clear();
    }

    /** A JCA getInstance(name, provider). */
    private interface Lookup<T> {
        T get(String name, Provider provider) throws GeneralSecurityException;
    }

    /**
     * The preferred provider's object for the name, remembered in {@code found}; null when there
     * is no preference or the provider lacks the name (then as without a preference).
     */
    private <T> T fromPreferred(Map<String, Provider> found, String name, Lookup<T> lookup) {
        Provider first = preferred;
        if (first == null) {
            return null;
        }
        try {
            T made = lookup.get(name, first);
            found.put(name, first);
            return made;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The name the JDK and the native provider give PKCS#1 v1.5 RSA encryption. */
    static final String RSA_ECB_PKCS1 = "RSA/ECB/PKCS1Padding";

    @Override
    public Cipher createCipher(String requested) throws NoSuchAlgorithmException, NoSuchPaddingException {
        // Bouncy Castle's client asks for its own name first and, on the miss, for the JDK's: the
        // same one-block PKCS#1 v1.5 encryption. Asked for the JDK's at once, no exception is
        // thrown and caught for every handshake (a fleet board's, once per connection).
        String name = requested.equalsIgnoreCase(RSA_NONE_PKCS1) ? RSA_ECB_PKCS1 : requested;
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
        Cipher fromPreferred = fromPreferred(ciphers, name, Cipher::getInstance);
        if (fromPreferred != null) {
            return fromPreferred;
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
        Mac fromPreferred = fromPreferred(macs, name, Mac::getInstance);
        if (fromPreferred != null) {
            return fromPreferred;
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
        MessageDigest fromPreferred = fromPreferred(digests, name, MessageDigest::getInstance);
        if (fromPreferred != null) {
            return fromPreferred;
        }
        MessageDigest d = super.createDigest(name);
        digests.put(name, d.getProvider());
        return d;
    }
}
