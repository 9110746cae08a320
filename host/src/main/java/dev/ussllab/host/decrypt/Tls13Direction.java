package dev.ussllab.host.decrypt;

import java.security.GeneralSecurityException;

/**
 * One direction of a TLS 1.3 session: handshake traffic keys until that side's Finished, then
 * application traffic keys, rotated on KeyUpdate (RFC 8446 4.4.4, 4.6.3, 7.2).
 */
final class Tls13Direction {

    private final CipherSuite suite;
    private final RecordCipher handshake;
    private RecordCipher application;
    private byte[] applicationSecret;
    private boolean inApplicationPhase;

    Tls13Direction(CipherSuite suite, byte[] handshakeSecret, byte[] applicationSecret) throws GeneralSecurityException {
        this.suite = suite;
        this.handshake = handshakeSecret == null ? null : new Tls13RecordCipher(suite, handshakeSecret);
        this.applicationSecret = applicationSecret;
        this.application = new Tls13RecordCipher(suite, applicationSecret);
    }

    /** Application data of this record, or null for handshake/alert records. */
    byte[] decrypt(TlsRecord r) throws GeneralSecurityException {
        if (!inApplicationPhase) {
            if (handshake != null) {
                RecordCipher.Plain p = handshake.decrypt(r);
                if (p.type() == TlsRecord.HANDSHAKE && containsFinished(p.data())) {
                    inApplicationPhase = true;
                }
                return null;
            }
            // Without handshake secrets the encrypted handshake cannot be read; the first record the
            // application keys open marks the switch (a failed tag does not advance the sequence).
            try {
                RecordCipher.Plain p = application.decrypt(r);
                inApplicationPhase = true;
                return handle(p);
            } catch (GeneralSecurityException stillHandshake) {
                return null;
            }
        }
        return handle(application.decrypt(r));
    }

    private byte[] handle(RecordCipher.Plain p) throws GeneralSecurityException {
        if (p.type() == TlsRecord.APPLICATION_DATA) {
            return p.data();
        }
        if (p.type() == TlsRecord.HANDSHAKE && p.data().length > 0 && (p.data()[0] & 0xff) == Handshake.KEY_UPDATE) {
            applicationSecret = Tls13RecordCipher.nextSecret(suite, applicationSecret);
            application = new Tls13RecordCipher(suite, applicationSecret);
        }
        return null;
    }

    private static boolean containsFinished(byte[] messages) {
        boolean[] found = {false};
        Handshake.splitMessages(messages, m -> found[0] |= (m[0] & 0xff) == Handshake.FINISHED);
        return found[0];
    }
}
