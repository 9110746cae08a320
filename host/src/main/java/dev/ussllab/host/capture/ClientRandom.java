package dev.ussllab.host.capture;

import java.util.Arrays;
import java.util.HexFormat;

/** The client random of a ClientHello at the start of a client's byte stream; pure. */
final class ClientRandom {

    /** Record header (5) + handshake header (4) + client_version (2) (RFC 5246 6.2.1, 7.4.1.2). */
    static final int OFFSET = 11;
    static final int LENGTH = 32;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;

    private ClientRandom() {}

    /** Lower-case hex of the client random, or null when the bytes do not start with a ClientHello. */
    static String hex(byte[] firstClientBytes, int length) {
        if (length < OFFSET + LENGTH || firstClientBytes[0] != HANDSHAKE || firstClientBytes[1] != 3
                || firstClientBytes[5] != CLIENT_HELLO) {
            return null;
        }
        return HexFormat.of().formatHex(Arrays.copyOfRange(firstClientBytes, OFFSET, OFFSET + LENGTH));
    }
}
