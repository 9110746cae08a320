package dev.ussllab.host.decrypt;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.2 record protection for one direction: AES-CBC with HMAC (MAC-then-encrypt, RFC 5246
 * 6.2.3.2, or encrypt-then-MAC, RFC 7366 3), AES-GCM (RFC 5288 3: 4-byte fixed IV + 8-byte
 * explicit nonce) and ChaCha20-Poly1305 (RFC 7905 2: 12-byte IV XOR sequence number).
 */
final class Tls12RecordCipher implements RecordCipher {

    private static final int AES_BLOCK = 16;
    private static final int GCM_EXPLICIT_NONCE = 8;
    private static final int TAG = 16;

    private final CipherSuite suite;
    private final byte[] macKey;
    private final SecretKeySpec key;
    private final byte[] fixedIv;
    private final boolean encryptThenMac;
    private long seq;

    Tls12RecordCipher(CipherSuite suite, byte[] macKey, byte[] key, byte[] fixedIv, boolean encryptThenMac) {
        this.suite = suite;
        this.macKey = macKey;
        this.key = new SecretKeySpec(key, suite.bulk() == CipherSuite.Bulk.CHACHA20_POLY1305 ? "ChaCha20" : "AES");
        this.fixedIv = fixedIv;
        this.encryptThenMac = encryptThenMac;
    }

    @Override
    public Plain decrypt(TlsRecord r) throws GeneralSecurityException {
        byte[] data = switch (suite.bulk()) {
            case AES_128_GCM, AES_256_GCM -> gcm(r);
            case CHACHA20_POLY1305 -> chacha(r);
            default -> encryptThenMac ? cbcEtm(r) : cbc(r);
        };
        seq++;
        return new Plain(r.type(), data);
    }

    private byte[] aad(TlsRecord r, int length) {
        return ByteBuffer.allocate(13).putLong(seq).put((byte) r.type()).putShort((short) r.version())
                .putShort((short) length).array();
    }

    private byte[] gcm(TlsRecord r) throws GeneralSecurityException {
        byte[] f = r.fragment();
        if (f.length < GCM_EXPLICIT_NONCE + TAG) {
            throw new AEADBadTagException("record too short for AES-GCM");
        }
        byte[] nonce = Tls12Keys.concat(fixedIv, Arrays.copyOf(f, GCM_EXPLICIT_NONCE));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
        c.updateAAD(aad(r, f.length - GCM_EXPLICIT_NONCE - TAG));
        return c.doFinal(f, GCM_EXPLICIT_NONCE, f.length - GCM_EXPLICIT_NONCE);
    }

    private byte[] chacha(TlsRecord r) throws GeneralSecurityException {
        byte[] f = r.fragment();
        if (f.length < TAG) {
            throw new AEADBadTagException("record too short for ChaCha20-Poly1305");
        }
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Tls13RecordCipher.xorSequence(fixedIv, seq)));
        c.updateAAD(aad(r, f.length - TAG));
        return c.doFinal(f);
    }

    private byte[] cbc(TlsRecord r) throws GeneralSecurityException {
        byte[] f = r.fragment();
        int macLen = suite.macLength();
        if (f.length < 2 * AES_BLOCK || f.length % AES_BLOCK != 0) {
            throw new BadPaddingException("record length " + f.length + " is not whole AES blocks");
        }
        byte[] plain = cbcDecrypt(f);
        int padded = unpad(plain);
        if (padded < macLen) {
            throw new BadPaddingException("record shorter than its MAC");
        }
        byte[] content = Arrays.copyOf(plain, padded - macLen);
        byte[] mac = Arrays.copyOfRange(plain, padded - macLen, padded);
        checkMac(r, content, mac);
        return content;
    }

    private byte[] cbcEtm(TlsRecord r) throws GeneralSecurityException {
        byte[] f = r.fragment();
        int macLen = suite.macLength();
        if (f.length < 2 * AES_BLOCK + macLen || (f.length - macLen) % AES_BLOCK != 0) {
            throw new BadPaddingException("record length " + f.length + " does not fit encrypt-then-MAC");
        }
        byte[] ivAndCipher = Arrays.copyOf(f, f.length - macLen);
        checkMac(r, ivAndCipher, Arrays.copyOfRange(f, f.length - macLen, f.length));
        byte[] plain = cbcDecrypt(ivAndCipher);
        return Arrays.copyOf(plain, unpad(plain));
    }

    private byte[] cbcDecrypt(byte[] ivAndCipher) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(ivAndCipher, 0, AES_BLOCK));
        return c.doFinal(ivAndCipher, AES_BLOCK, ivAndCipher.length - AES_BLOCK);
    }

    /** Length before the padding; each of the padding_length + 1 bytes must equal padding_length. */
    private static int unpad(byte[] plain) throws BadPaddingException {
        int pad = plain[plain.length - 1] & 0xff;
        if (pad + 1 > plain.length) {
            throw new BadPaddingException("padding longer than the record");
        }
        for (int i = plain.length - 1 - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new BadPaddingException("bad CBC padding");
            }
        }
        return plain.length - 1 - pad;
    }

    private void checkMac(TlsRecord r, byte[] content, byte[] mac) throws GeneralSecurityException {
        Mac h = Mac.getInstance(suite.macAlgorithm());
        h.init(new SecretKeySpec(macKey, suite.macAlgorithm()));
        h.update(aad(r, content.length));
        if (!MessageDigest.isEqual(h.doFinal(content), mac)) {
            throw new BadPaddingException("record MAC check failed");
        }
    }
}
