package dev.ussllab.device.tls;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * Encodes a ClientHello body (RFC 5246 7.4.1.2, without the 4-byte handshake header) with the
 * extensions in exactly the given order. Pure: values in, bytes out. Bouncy Castle writes
 * extensions in Hashtable order, which cannot reproduce a firmware's order; this can.
 */
final class ClientHelloBody {

    /** The only compression method axTLS and every modern client offer: null (RFC 5246 7.4.1.2). */
    private static final int COMPRESSION_NULL = 0;

    private ClientHelloBody() {}

    /**
     * @param extensions type -> extension_data, iterated in the wire order wanted; empty map = no
     *     extensions block at all (RFC 5246 allows omitting it)
     */
    static byte[] encode(int clientVersion, byte[] random, byte[] sessionId, int[] cipherSuites,
            Map<Integer, byte[]> extensions) {
        if (random.length != 32) {
            throw new IllegalArgumentException("ClientHello.random is 32 bytes, got " + random.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        u16(out, clientVersion);
        out.writeBytes(random);
        out.write(sessionId.length);
        out.writeBytes(sessionId);
        u16(out, cipherSuites.length * 2);
        for (int suite : cipherSuites) {
            u16(out, suite);
        }
        out.write(1);
        out.write(COMPRESSION_NULL);
        if (!extensions.isEmpty()) {
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            for (Map.Entry<Integer, byte[]> e : extensions.entrySet()) {
                u16(ext, e.getKey());
                u16(ext, e.getValue().length);
                ext.writeBytes(e.getValue());
            }
            u16(out, ext.size());
            out.writeBytes(ext.toByteArray());
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("does not fit in 16 bits: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
    }

}
