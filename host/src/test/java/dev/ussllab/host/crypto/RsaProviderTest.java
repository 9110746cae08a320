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
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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

    /** decrypt takes AES and HMAC from the chosen provider: the same bytes as the JDK's, and the JDK's for what it lacks. */
    @Test
    void symmetricCiphersAndMacsAgreeWithTheJdk() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        byte[] data = new byte[12_048];
        random.nextBytes(key);
        random.nextBytes(iv);
        random.nextBytes(data);
        SecretKeySpec aes = new SecretKeySpec(key, "AES");
        Cipher jdkCbc = Cipher.getInstance("AES/CBC/NoPadding");
        jdkCbc.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(iv));
        byte[] expectedCbc = jdkCbc.doFinal(data);
        Cipher seal = Cipher.getInstance("AES/GCM/NoPadding");
        seal.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv, 0, 12));
        seal.updateAAD(key);
        byte[] sealed = seal.doFinal(data);
        Mac jdkMac = Mac.getInstance("HmacSHA1");
        jdkMac.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] expectedMac = jdkMac.doFinal(data);
        for (RsaProvider p : new RsaProvider[] {RsaProvider.choose(null), RsaProvider.choose("jdk")}) {
            Cipher cbc = p.cipher("AES/CBC/NoPadding");
            for (int i = 0; i < 2; i++) { // re-initialised per record, as decrypt does
                cbc.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(iv));
                assertArrayEquals(expectedCbc, cbc.doFinal(data, 0, data.length), p.name());
            }
            Cipher gcm = p.cipher("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, iv, 0, 12));
            gcm.updateAAD(key);
            assertArrayEquals(data, gcm.doFinal(sealed), p.name());
            Mac mac = p.mac("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, 100);
            mac.update(data, 100, data.length - 100);
            assertArrayEquals(expectedMac, mac.doFinal(), p.name());
            String chacha = p.cipher("ChaCha20-Poly1305").getProvider().getName();
            assertTrue(chacha.equals("SunJCE"), p.name() + ": the JDK's where the provider has none, not " + chacha);
            if (p.isNative()) {
                assertTrue(cbc.getProvider().getName().contains("Corretto"), cbc.getProvider().getName());
                assertTrue(mac.getProvider().getName().contains("Corretto"), mac.getProvider().getName());
            }
        }
    }
}
