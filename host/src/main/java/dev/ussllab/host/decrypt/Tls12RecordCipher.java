package dev.ussllab.host.decrypt;

import dev.ussllab.host.crypto.RsaProvider;
import java.security.GeneralSecurityException;
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
 * explicit nonce) and ChaCha20-Poly1305 (RFC 7905 2: 12-byte IV XOR sequence number). AES and
 * HMAC come from the native provider when it has loaded (AES and SHA instructions from the first
 * record on), else from the JDK's: the same bytes either way.
 */
final class Tls12RecordCipher implements RecordCipher {

    private static final int AES_BLOCK = 16;
    private static final int GCM_EXPLICIT_NONCE = 8;
    private static final int TAG = 16;
    /** seq_num (8) + type (1) + version (2) + length (2): RFC 5246 6.2.3.1 / 6.2.3.3. */
    private static final int AAD = 13;

    private final CipherSuite suite;
    private final SecretKeySpec key;
    private final byte[] fixedIv;
    private final boolean encryptThenMac;
    private final Cipher cipher;
    private final Mac mac;
    private final int macLength;
    private final byte[] aad = new byte[AAD];
    private long seq;

    /** @param crypto who runs AES and HMAC, or null for the JDK's providers */
    Tls12RecordCipher(CipherSuite suite, byte[] macKey, byte[] key, byte[] fixedIv, boolean encryptThenMac,
            RsaProvider crypto) throws GeneralSecurityException {
        this.suite = suite;
        this.key = new SecretKeySpec(key, suite.bulk() == CipherSuite.Bulk.CHACHA20_POLY1305 ? "ChaCha20" : "AES");
        this.fixedIv = fixedIv;
        this.encryptThenMac = encryptThenMac;
        String transformation = switch (suite.bulk()) {
            case AES_128_GCM, AES_256_GCM -> "AES/GCM/NoPadding";
            case CHACHA20_POLY1305 -> "ChaCha20-Poly1305";
            default -> "AES/CBC/NoPadding";
        };
        this.cipher = crypto == null ? Cipher.getInstance(transformation) : crypto.cipher(transformation);
        if (suite.macAlgorithm() != null) {
            this.mac = crypto == null ? Mac.getInstance(suite.macAlgorithm()) : crypto.mac(suite.macAlgorithm());
            this.mac.init(new SecretKeySpec(macKey, suite.macAlgorithm()));
        } else {
            this.mac = null;
        }
        this.macLength = suite.macLength();
    }

    @Override
    public Plain decrypt(TlsRecord r) throws GeneralSecurityException {
        byte[] data;
        try {
            data = switch (suite.bulk()) {
                case AES_128_GCM, AES_256_GCM -> gcm(r);
                case CHACHA20_POLY1305 -> chacha(r);
                default -> encryptThenMac ? cbcEtm(r) : cbc(r);
            };
        } catch (RuntimeException e) {
            // The native provider reports some failures unchecked: a damaged record, not a crash.
            throw new GeneralSecurityException("the record does not decrypt (" + e.getMessage() + ")", e);
        }
        seq++;
        return new Plain(r.type(), data);
    }

    private byte[] aad(TlsRecord r, int length) {
        for (int i = 0; i < 8; i++) {
            aad[i] = (byte) (seq >>> (56 - 8 * i));
        }
        aad[8] = (byte) r.type();
        aad[9] = (byte) (r.version() >> 8);
        aad[10] = (byte) r.version();
        aad[11] = (byte) (length >> 8);
        aad[12] = (byte) length;
        return aad;
    }

    private byte[] gcm(TlsRecord r) throws GeneralSecurityException {
        int n = r.length();
        if (n < GCM_EXPLICIT_NONCE + TAG) {
            throw new AEADBadTagException("record too short for AES-GCM");
        }
        byte[] nonce = Arrays.copyOf(fixedIv, fixedIv.length + GCM_EXPLICIT_NONCE);
        System.arraycopy(r.buf(), r.offset(), nonce, fixedIv.length, GCM_EXPLICIT_NONCE);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
        cipher.updateAAD(aad(r, n - GCM_EXPLICIT_NONCE - TAG));
        return cipher.doFinal(r.buf(), r.offset() + GCM_EXPLICIT_NONCE, n - GCM_EXPLICIT_NONCE);
    }

    private byte[] chacha(TlsRecord r) throws GeneralSecurityException {
        int n = r.length();
        if (n < TAG) {
            throw new AEADBadTagException("record too short for ChaCha20-Poly1305");
        }
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Tls13RecordCipher.xorSequence(fixedIv, seq)));
        cipher.updateAAD(aad(r, n - TAG));
        return cipher.doFinal(r.buf(), r.offset(), n);
    }

    private byte[] cbc(TlsRecord r) throws GeneralSecurityException {
        int n = r.length();
        if (n < 2 * AES_BLOCK || n % AES_BLOCK != 0) {
            throw new BadPaddingException("record length " + n + " is not whole AES blocks");
        }
        byte[] plain = cbcDecrypt(r.buf(), r.offset(), n);
        int padded = unpad(plain);
        if (padded < macLength) {
            throw new BadPaddingException("record shorter than its MAC");
        }
        int content = padded - macLength;
        mac.update(aad(r, content));
        mac.update(plain, 0, content);
        checkMac(mac.doFinal(), plain, content);
        return Arrays.copyOf(plain, content);
    }

    private byte[] cbcEtm(TlsRecord r) throws GeneralSecurityException {
        int n = r.length();
        if (n < 2 * AES_BLOCK + macLength || (n - macLength) % AES_BLOCK != 0) {
            throw new BadPaddingException("record length " + n + " does not fit encrypt-then-MAC");
        }
        int body = n - macLength;
        mac.update(aad(r, body));
        mac.update(r.buf(), r.offset(), body);
        checkMac(mac.doFinal(), r.buf(), r.offset() + body);
        byte[] plain = cbcDecrypt(r.buf(), r.offset(), body);
        return Arrays.copyOf(plain, unpad(plain));
    }

    private byte[] cbcDecrypt(byte[] b, int off, int ivAndCipherLength) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(b, off, AES_BLOCK));
        return cipher.doFinal(b, off + AES_BLOCK, ivAndCipherLength - AES_BLOCK);
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

    /** Offline decryption of a capture: no oracle to protect, so a plain comparison. */
    private static void checkMac(byte[] computed, byte[] b, int at) throws BadPaddingException {
        if (!Arrays.equals(computed, 0, computed.length, b, at, at + computed.length)) {
            throw new BadPaddingException("record MAC check failed");
        }
    }
}
