package dev.ussllab.host.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ussllab.host.keys.TestKeys;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** The native provider loads where its library exists, the switch forces the JDK, and both decrypt alike. */
class RsaProviderTest {

    @Test
    void nativeOnLinuxX8664AndTheJdkOnRequest() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the pinned classifier jar carries the Linux x86-64 library only");
        RsaProvider chosen = RsaProvider.choose(null);
        assertTrue(chosen.isNative(), chosen.name());
        assertTrue(chosen.name().startsWith("Amazon Corretto Crypto Provider 2."), chosen.name());
        RsaProvider jdk = RsaProvider.choose("jdk");
        assertFalse(jdk.isNative());
        assertTrue(jdk.name().startsWith("JDK "), jdk.name());
    }

    @Test
    void eitherProviderRecoversAPremasterSecret() throws Exception {
        KeyPair keys = TestKeys.fixedKeyPair();
        byte[] premaster = new byte[48];
        new SecureRandom().nextBytes(premaster);
        Cipher enc = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        enc.init(Cipher.ENCRYPT_MODE, keys.getPublic());
        byte[] sealed = enc.doFinal(premaster);
        for (RsaProvider p : new RsaProvider[] {RsaProvider.choose(null), RsaProvider.choose("jdk")}) {
            Cipher dec = p.pkcs1Decryptor(p.adopt(keys.getPrivate()));
            assertArrayEquals(premaster, dec.doFinal(sealed), p.name());
            assertArrayEquals(premaster, dec.doFinal(sealed), p.name() + ": the cipher is reusable after doFinal");
        }
    }

    @Test
    void eitherProviderMakesAMatchingKeyPairInTheJdksForm() throws Exception {
        for (RsaProvider p : new RsaProvider[] {RsaProvider.choose(null), RsaProvider.choose("jdk")}) {
            KeyPair keys = p.generateKeyPair(2048);
            RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) keys.getPrivate();
            assertEquals(2048, pub.getModulus().bitLength(), p.name());
            assertEquals(pub.getModulus(), priv.getModulus(), p.name());
            assertEquals(65537, pub.getPublicExponent().intValueExact(), p.name());
            // the JDK's own key classes, as the JDK's generator returns (what the rest of the code saw before)
            KeyFactory jdk = KeyFactory.getInstance("RSA");
            assertEquals(jdk.translateKey(priv).getClass(), priv.getClass(), p.name());
            Signature sign = Signature.getInstance("SHA256withRSA");
            sign.initSign(priv);
            sign.update(new byte[] {1, 2, 3});
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance("SHA256withRSA");
            verify.initVerify(pub);
            verify.update(new byte[] {1, 2, 3});
            assertTrue(verify.verify(signature), p.name() + ": the halves belong together");
        }
    }
}
