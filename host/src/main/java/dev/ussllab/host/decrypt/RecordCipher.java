package dev.ussllab.host.decrypt;

import java.security.GeneralSecurityException;

/**
 * Decrypts one direction's protected records in order (each call advances the sequence number).
 * An instance holds its JCA Cipher and Mac for the whole direction: looking them up per record
 * costs more than decrypting a small record.
 */
interface RecordCipher {

    /** A record's plaintext and its real content type (TLS 1.3 hides it inside). */
    record Plain(int type, byte[] data) {}

    /** @throws GeneralSecurityException when the MAC, tag or padding does not check out */
    Plain decrypt(TlsRecord record) throws GeneralSecurityException;
}
