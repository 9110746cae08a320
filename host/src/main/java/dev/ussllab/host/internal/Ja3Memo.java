package dev.ussllab.host.internal;

import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloParser;
import dev.ussllab.profile.hello.Ja3;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JA3 of a ClientHello, remembered for the ClientHellos seen last. A fleet of boards sends one
 * ClientHello over and over, differing only in its random and session id, which JA3 does not
 * read: parsing every extension and hashing the text again for each connection was a tenth of
 * the host's Java work per handshake (JFR, 32 boards). The key is the whole message but those two
 * fields, so anything JA3 or the parse depends on is in it. Thread-safe.
 */
final class Ja3Memo {

    /** Distinct ClientHellos kept (a fleet sends one; a scan a few dozen). */
    static final int KEPT = 64;
    /** type (1), length (3), client_version (2), random (32): the session id's length byte follows. */
    private static final int SESSION_ID_LENGTH_AT = 4 + 2 + 32;
    /** A ClientHello the shared parser refused (BC accepted it): no JA3. */
    private static final Ja3 NONE = new Ja3("", "");

    private final Map<ByteBuffer, Ja3> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Ja3> eldest) {
            return size() > KEPT;
        }
    };

    /** The JA3 of a ClientHello handshake message (header included), or null if it does not parse. */
    Ja3 of(byte[] clientHello) {
        ByteBuffer key = key(clientHello);
        if (key == null) {
            return compute(clientHello);
        }
        Ja3 found;
        synchronized (kept) {
            found = kept.get(key);
        }
        if (found == null) {
            found = compute(clientHello);
            synchronized (kept) {
                kept.put(key, found == null ? NONE : found);
            }
            return found;
        }
        return found == NONE ? null : found;
    }

    /** The message without its random and session id, or null when too short to have them. */
    private static ByteBuffer key(byte[] m) {
        if (m.length <= SESSION_ID_LENGTH_AT) {
            return null;
        }
        int rest = SESSION_ID_LENGTH_AT + 1 + (m[SESSION_ID_LENGTH_AT] & 0xff);
        if (rest > m.length) {
            return null;
        }
        byte[] k = new byte[6 + m.length - rest];
        System.arraycopy(m, 0, k, 0, 6);
        System.arraycopy(m, rest, k, 6, m.length - rest);
        return ByteBuffer.wrap(k);
    }

    private static Ja3 compute(byte[] clientHello) {
        try {
            return Ja3.of(ClientHelloParser.parseHandshake(clientHello, ClientHello.NO_RECORD));
        } catch (RuntimeException e) {
            return null; // a ClientHello BC accepted but the shared parser did not: leave it out
        }
    }
}
