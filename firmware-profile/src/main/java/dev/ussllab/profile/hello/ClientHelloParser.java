package dev.ussllab.profile.hello;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a ClientHello from bytes: either TLS records (first byte 0x16, possibly several records
 * carrying one handshake message) or the bare handshake message (first byte 0x01). Pure: bytes in,
 * a {@link ClientHello} or a {@link MalformedHelloException} out.
 */
public final class ClientHelloParser {

    /** Handshake type client_hello (RFC 8446 section 4). */
    static final int CLIENT_HELLO = 1;
    /** RFC 8446 section 4.1.2: legacy_session_id is at most 32 bytes. */
    private static final int MAX_SESSION_ID = 32;
    private static final int RANDOM_LENGTH = 32;

    private ClientHelloParser() {}

    /** Records or a bare handshake message; bytes after the ClientHello are ignored. */
    public static ClientHello parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new MalformedHelloException("first byte", 0, "the input is empty");
        }
        int first = bytes[0] & 0xFF;
        if (first == CLIENT_HELLO) {
            return parseHandshake(bytes, ClientHello.NO_RECORD);
        }
        try {
            return ClientHelloReader.read(new ByteArrayInputStream(bytes)).hello();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream never throws
        }
    }

    /** A bare handshake message: type 0x01, 24-bit length, body. */
    public static ClientHello parseHandshake(byte[] message, int recordVersion) {
        ByteReader r = ByteReader.of(message);
        int type = r.u8("handshake type");
        if (type != CLIENT_HELLO) {
            throw new MalformedHelloException("handshake type", 0,
                    String.format("0x%02x is not client_hello (0x01)", type));
        }
        int length = r.u24("handshake length");
        ByteReader body = r.sub(length, "ClientHello body");
        return parseBody(body, recordVersion);
    }

    private static ClientHello parseBody(ByteReader r, int recordVersion) {
        int clientVersion = r.u16("client_version");
        byte[] random = r.bytes(RANDOM_LENGTH, "random");
        int sessionAt = r.offset();
        ByteReader session = r.vector(1, "session_id");
        if (session.remaining() > MAX_SESSION_ID) {
            throw new MalformedHelloException("session_id length", sessionAt,
                    session.remaining() + " is over the maximum of " + MAX_SESSION_ID);
        }
        byte[] sessionId = session.rest();

        int suitesAt = r.offset();
        ByteReader suites = r.vector(2, "cipher_suites");
        if (suites.remaining() % 2 != 0 || suites.remaining() == 0) {
            throw new MalformedHelloException("cipher_suites length", suitesAt,
                    suites.remaining() + " is not a positive even number");
        }
        List<Integer> cipherSuites = new ArrayList<>();
        while (suites.hasRemaining()) {
            cipherSuites.add(suites.u16("cipher suite"));
        }

        int compressionAt = r.offset();
        ByteReader compression = r.vector(1, "compression_methods");
        if (!compression.hasRemaining()) {
            throw new MalformedHelloException("compression_methods length", compressionAt,
                    "0: at least the null method must be listed");
        }
        List<Integer> compressionMethods = new ArrayList<>();
        while (compression.hasRemaining()) {
            compressionMethods.add(compression.u8("compression method"));
        }

        List<Extension> extensions = new ArrayList<>();
        if (r.hasRemaining()) { // extensions are optional (RFC 5246 section 7.4.1.2)
            ByteReader all = r.vector(2, "extensions");
            r.expectEnd("ClientHello body after extensions");
            while (all.hasRemaining()) {
                int type = all.u16("extension type");
                String name = "extension " + TlsNames.extension(type) + " (" + type + ")";
                int dataAt = all.offset() + 2;
                Extension e = new Extension(type, all.vector(2, name).rest());
                ExtensionDecoder.describe(e, dataAt); // malformed content fails here, with its offset
                extensions.add(e);
            }
        }
        return new ClientHello(recordVersion, clientVersion, random, sessionId, cipherSuites,
                compressionMethods, extensions);
    }
}
