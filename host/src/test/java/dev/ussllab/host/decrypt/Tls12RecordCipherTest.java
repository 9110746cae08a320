package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ussllab.host.crypto.RsaProvider;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A TLS_RSA_WITH_AES_128_CBC_SHA record sealed here with the JDK (RFC 5246 6.2.3.2: MAC over
 * seq + header + content, then padding, then AES-CBC with an explicit IV) opens alike with the
 * native provider and the JDK's, and a damaged one is a checked failure with either.
 */
class Tls12RecordCipherTest {

    private static final int VERSION = 0x0303;

    @Test
    void eitherProviderOpensTheRecordAndRefusesADamagedOne() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] macKey = new byte[20];
        byte[] key = new byte[16];
        byte[] content = new byte[12_000];
        random.nextBytes(macKey);
        random.nextBytes(key);
        random.nextBytes(content);
        byte[] record = seal(macKey, key, content, random);
        CipherSuite suite = CipherSuite.byId(0x002f);
        for (RsaProvider p : new RsaProvider[] {null, RsaProvider.get(), RsaProvider.jdk()}) {
            Tls12RecordCipher c = new Tls12RecordCipher(suite, macKey, key, new byte[0], false, p);
            assertArrayEquals(content, c.decrypt(new TlsRecord(TlsRecord.APPLICATION_DATA, VERSION, record, 0, true, 0)).data());
            byte[] damaged = record.clone();
            damaged[40] ^= 1;
            Tls12RecordCipher fresh = new Tls12RecordCipher(suite, macKey, key, new byte[0], false, p);
            assertThrows(GeneralSecurityException.class,
                    () -> fresh.decrypt(new TlsRecord(TlsRecord.APPLICATION_DATA, VERSION, damaged, 0, true, 0)));
            byte[] cut = Arrays.copyOf(record, 47); // not whole AES blocks
            assertThrows(GeneralSecurityException.class,
                    () -> fresh.decrypt(new TlsRecord(TlsRecord.APPLICATION_DATA, VERSION, cut, 0, true, 0)));
        }
    }

    /** The first record of a direction (sequence number 0). */
    private static byte[] seal(byte[] macKey, byte[] key, byte[] content, SecureRandom random) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(macKey, "HmacSHA1"));
        mac.update(new byte[8]);
        mac.update(new byte[] {TlsRecord.APPLICATION_DATA, 3, 3, (byte) (content.length >> 8), (byte) content.length});
        mac.update(content);
        byte[] tag = mac.doFinal();
        int unpadded = content.length + tag.length + 1;
        int pad = (16 - unpadded % 16) % 16;
        byte[] plain = new byte[unpadded + pad];
        System.arraycopy(content, 0, plain, 0, content.length);
        System.arraycopy(tag, 0, plain, content.length, tag.length);
        Arrays.fill(plain, content.length + tag.length, plain.length, (byte) pad);
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] sealed = aes.doFinal(plain);
        byte[] record = Arrays.copyOf(iv, 16 + sealed.length);
        System.arraycopy(sealed, 0, record, 16, sealed.length);
        return record;
    }
}
