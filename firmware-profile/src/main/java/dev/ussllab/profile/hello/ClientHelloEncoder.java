package dev.ussllab.profile.hello;

import java.io.ByteArrayOutputStream;

/**
 * Writes a {@link ClientHello} back to bytes: the handshake message, or records. Encoding the
 * parse of a hello gives back the same bytes, which is how the tests check both directions.
 */
public final class ClientHelloEncoder {

    private ClientHelloEncoder() {}

    /** The handshake message: type 0x01, 24-bit length, body. */
    public static byte[] handshake(ClientHello h) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, h.clientVersion());
        body.writeBytes(h.random());
        byte[] session = h.sessionId();
        body.write(session.length);
        body.writeBytes(session);
        u16(body, h.cipherSuites().size() * 2);
        h.cipherSuites().forEach(s -> u16(body, s));
        body.write(h.compressionMethods().size());
        h.compressionMethods().forEach(body::write);
        if (!h.extensions().isEmpty()) {
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            for (Extension e : h.extensions()) {
                u16(ext, e.type());
                u16(ext, e.length());
                ext.writeBytes(e.data());
            }
            u16(body, ext.size());
            body.writeBytes(ext.toByteArray());
        }
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.write(ClientHelloParser.CLIENT_HELLO);
        msg.write(body.size() >> 16);
        u16(msg, body.size() & 0xFFFF);
        msg.writeBytes(body.toByteArray());
        return msg.toByteArray();
    }

    /** Records of at most maxFragment bytes each, with the hello's record version (0x0301 if none). */
    public static byte[] records(ClientHello h, int maxFragment) {
        if (maxFragment < 1 || maxFragment > ClientHelloReader.MAX_FRAGMENT) {
            throw new IllegalArgumentException("fragment size " + maxFragment);
        }
        int version = h.recordVersion() == ClientHello.NO_RECORD ? 0x0301 : h.recordVersion();
        byte[] msg = handshake(h);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < msg.length; off += maxFragment) {
            int n = Math.min(maxFragment, msg.length - off);
            out.write(ClientHelloReader.HANDSHAKE);
            u16(out, version);
            u16(out, n);
            out.write(msg, off, n);
        }
        return out.toByteArray();
    }

    public static byte[] record(ClientHello h) {
        return records(h, ClientHelloReader.MAX_FRAGMENT);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }
}
