package dev.ussllab.host.decrypt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.3 record protection from one traffic secret (RFC 8446 5.2-5.3, 7.1, 7.3): key and IV by
 * HKDF-Expand-Label, nonce = IV XOR sequence number, additional data = the record header, and the
 * real content type as the last non-zero byte of the plaintext.
 */
final class Tls13RecordCipher implements RecordCipher {

    private static final int NONCE = 12;
    private static final int TAG = 16;

    private final CipherSuite suite;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final Cipher cipher;
    private final byte[] header = new byte[TlsRecord.HEADER];
    private long seq;

    Tls13RecordCipher(CipherSuite suite, byte[] trafficSecret) throws GeneralSecurityException {
        this.suite = suite;
        String hmac = suite.hmacForHash();
        byte[] k = expandLabel(hmac, trafficSecret, "key", new byte[0], suite.bulk().keyLength);
        this.key = new SecretKeySpec(k, suite.bulk() == CipherSuite.Bulk.CHACHA20_POLY1305 ? "ChaCha20" : "AES");
        this.iv = expandLabel(hmac, trafficSecret, "iv", new byte[0], NONCE);
        this.cipher = Cipher.getInstance(suite.bulk() == CipherSuite.Bulk.CHACHA20_POLY1305
                ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
    }

    /** The next generation after a KeyUpdate (RFC 8446 7.2). */
    static byte[] nextSecret(CipherSuite suite, byte[] secret) throws GeneralSecurityException {
        return expandLabel(suite.hmacForHash(), secret, "traffic upd", new byte[0], secret.length);
    }

    @Override
    public Plain decrypt(TlsRecord r) throws GeneralSecurityException {
        int n = r.length();
        if (n < TAG + 1) {
            throw new AEADBadTagException("record too short");
        }
        header[0] = (byte) r.type();
        header[1] = (byte) (r.version() >> 8);
        header[2] = (byte) r.version();
        header[3] = (byte) (n >> 8);
        header[4] = (byte) n;
        if (suite.bulk() == CipherSuite.Bulk.CHACHA20_POLY1305) {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(xorSequence(iv, seq)));
        } else {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, xorSequence(iv, seq)));
        }
        cipher.updateAAD(header);
        byte[] inner = cipher.doFinal(r.buf(), r.offset(), n);
        seq++;
        int end = inner.length - 1;
        while (end >= 0 && inner[end] == 0) {
            end--; // zero padding after the content type
        }
        if (end < 0) {
            throw new AEADBadTagException("record has no content type");
        }
        return new Plain(inner[end] & 0xff, Arrays.copyOf(inner, end));
    }

    static byte[] xorSequence(byte[] iv, long seq) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        return nonce;
    }

    /** HKDF-Expand-Label (RFC 8446 7.1) over HKDF-Expand (RFC 5869 2.3). */
    static byte[] expandLabel(String hmac, byte[] secret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer info = ByteBuffer.allocate(2 + 1 + full.length + 1 + context.length);
        info.putShort((short) length).put((byte) full.length).put(full).put((byte) context.length).put(context);
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(secret, hmac));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info.array());
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }
}
