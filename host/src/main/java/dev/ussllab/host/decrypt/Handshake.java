package dev.ussllab.host.decrypt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the plaintext handshake says: randoms, session ids, suite, version, SNI, extended master
 * secret and encrypt-then-MAC, the server certificate and the RSA-encrypted premaster. Layouts from
 * RFC 5246 7.4, RFC 8446 4.1-4.2, RFC 6066 3 (SNI), RFC 7627 (EMS), RFC 7366 (ETM). Pure.
 */
final class Handshake {

    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CLIENT_KEY_EXCHANGE = 16;
    static final int FINISHED = 20;
    static final int KEY_UPDATE = 24;
    static final int EXT_SERVER_NAME = 0;
    static final int EXT_ENCRYPT_THEN_MAC = 22;
    static final int EXT_EXTENDED_MASTER_SECRET = 23;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int TLS12 = 0x0303;
    static final int TLS13 = 0x0304;
    /** SHA-256("HelloRetryRequest"), the ServerHello.random of a HelloRetryRequest (RFC 8446 4.1.3). */
    static final byte[] HELLO_RETRY_RANDOM = HexFormat.of()
            .parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    byte[] clientRandom;
    byte[] clientSessionId = new byte[0];
    String sni;
    byte[] serverRandom;
    byte[] serverSessionId = new byte[0];
    int cipherSuite = -1;
    int version;
    boolean extendedMasterSecret;
    boolean encryptThenMac;
    byte[] serverCertificate;
    byte[] encryptedPremaster;
    boolean serverKeyExchange;
    /** The handshake messages up to and including ClientKeyExchange, for the EMS session hash. */
    final ByteArrayOutputStream transcriptToClientKeyExchange = new ByteArrayOutputStream();

    /** Feeds one whole handshake message (header included) in wire order. */
    void message(byte[] m) {
        int type = m[0] & 0xff;
        if (encryptedPremaster == null) {
            transcriptToClientKeyExchange.writeBytes(m);
        }
        ByteBuffer b = ByteBuffer.wrap(m, 4, m.length - 4);
        try {
            switch (type) {
                case CLIENT_HELLO -> clientHello(b);
                case SERVER_HELLO -> serverHello(b);
                case CERTIFICATE -> certificate(b);
                case SERVER_KEY_EXCHANGE -> serverKeyExchange = true;
                case CLIENT_KEY_EXCHANGE -> encryptedPremaster = bytes(b, u16(b));
                default -> {
                    // other messages do not change how the session is decrypted
                }
            }
        } catch (RuntimeException malformed) {
            // A garbled message leaves its fields unset; the session is then reported as not decryptable.
        }
    }

    private void clientHello(ByteBuffer b) {
        b.getShort();
        clientRandom = bytes(b, 32);
        clientSessionId = bytes(b, u8(b));
        skip(b, u16(b)); // cipher suites
        skip(b, u8(b)); // compression methods
        if (!b.hasRemaining()) {
            return;
        }
        int end = u16(b) + b.position();
        while (b.position() + 4 <= end) {
            int type = u16(b);
            int len = u16(b);
            int next = b.position() + len;
            if (type == EXT_SERVER_NAME && len > 5) {
                u16(b);
                if (u8(b) == 0) {
                    sni = new String(bytes(b, u16(b)), StandardCharsets.US_ASCII);
                }
            }
            b.position(next);
        }
    }

    private void serverHello(ByteBuffer b) {
        int legacyVersion = u16(b);
        byte[] random = bytes(b, 32);
        if (Arrays.equals(random, HELLO_RETRY_RANDOM)) {
            return; // a HelloRetryRequest: the real ServerHello follows the second ClientHello
        }
        serverRandom = random;
        version = legacyVersion;
        serverSessionId = bytes(b, u8(b));
        cipherSuite = u16(b);
        u8(b);
        if (!b.hasRemaining()) {
            return;
        }
        int end = u16(b) + b.position();
        while (b.position() + 4 <= end) {
            int type = u16(b);
            int len = u16(b);
            int next = b.position() + len;
            switch (type) {
                case EXT_SUPPORTED_VERSIONS -> version = u16(b);
                case EXT_EXTENDED_MASTER_SECRET -> extendedMasterSecret = true;
                case EXT_ENCRYPT_THEN_MAC -> encryptThenMac = true;
                default -> {
                    // not needed to decrypt
                }
            }
            b.position(next);
        }
    }

    private void certificate(ByteBuffer b) {
        if (version == TLS13) {
            return; // encrypted in TLS 1.3; never seen here
        }
        u24(b);
        if (b.remaining() >= 3) {
            serverCertificate = bytes(b, u24(b));
        }
    }

    /** TLS 1.2 session resumption: the server echoed the client's session id (or a ticket), no new key exchange. */
    boolean resumed() {
        return version != TLS13 && serverRandom != null && encryptedPremaster == null && !serverKeyExchange
                && serverCertificate == null;
    }

    /** Skips n bytes; n is read before the position is taken (Java evaluates left to right). */
    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    static int u16(ByteBuffer b) {
        return b.getShort() & 0xffff;
    }

    static int u24(ByteBuffer b) {
        return (u8(b) << 16) | u16(b);
    }

    static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** Splits a handshake byte stream into whole messages; returns the bytes of an unfinished tail. */
    static int splitMessages(byte[] stream, java.util.function.Consumer<byte[]> out) {
        int p = 0;
        while (p + 4 <= stream.length) {
            int len = ((stream[p + 1] & 0xff) << 16) | ((stream[p + 2] & 0xff) << 8) | (stream[p + 3] & 0xff);
            if (p + 4 + len > stream.length) {
                break;
            }
            out.accept(Arrays.copyOfRange(stream, p, p + 4 + len));
            p += 4 + len;
        }
        return p;
    }
}
