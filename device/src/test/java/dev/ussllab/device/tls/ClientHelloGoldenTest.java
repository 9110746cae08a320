package dev.ussllab.device.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.hello.ClientHelloParser;
import dev.ussllab.profile.hello.Ja3;
import dev.ussllab.profile.hello.Ja4;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The emulated ESP8266's ClientHello against the byte layout in
 * shared/reference/esp8266-ussl-profile.md (what axTLS 531cab9c sent when it was run and captured).
 * The 28 random bytes are the only difference allowed; the first four are the board's uptime.
 */
class ClientHelloGoldenTest {

    /** The reference layout without server_hostname, random bytes zeroed. */
    static final String WITHOUT_SNI = """
            16 03 03 00 43                      # handshake record, version 0x0303, 67 bytes
            01 00 00 3f                         # ClientHello, 63 bytes
            03 03                               # client_version TLS 1.2
            00 00 00 2a                         # uptime 42 s
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00                                  # empty session id
            00 08 00 2f 00 3c 00 35 00 3d       # the four suites in axTLS order, no SCSV
            01 00                               # null compression only
            00 0e                               # extensions: 14 bytes
            00 0d 00 0a 00 08 06 01 05 01 04 01 02 01   # signature_algorithms, only
            """;

    /** The same with server_hostname="esp.local": server_name (RFC 6066 3) after signature_algorithms. */
    static final String WITH_SNI = """
            16 03 03 00 55                      # 85 bytes
            01 00 00 51                         # 81 bytes
            03 03
            00 00 00 2a
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00
            00 08 00 2f 00 3c 00 35 00 3d
            01 00
            00 20                               # extensions: 32 bytes
            00 0d 00 0a 00 08 06 01 05 01 04 01 02 01
            00 00 00 0e 00 0c 00 00 09 65 73 70 2e 6c 6f 63 61 6c   # server_name: host_name "esp.local"
            """;

    /** Offset of the 28 random bytes after the 4-byte uptime: record 5 + handshake 4 + version 2 + 4. */
    static final int RANDOM_TAIL = 5 + 4 + 2 + 4;

    @Test
    void helloWithoutSniMatchesTheReference() throws Exception {
        assertHello(null, WITHOUT_SNI);
    }

    @Test
    void helloWithSniMatchesTheReference() throws Exception {
        assertHello("esp.local", WITH_SNI);
    }

    @Test
    void randomTailDiffersBetweenHandshakes() throws Exception {
        byte[] a = catchHello(null);
        byte[] b = catchHello(null);
        assertEquals(false, Arrays.equals(Arrays.copyOfRange(a, RANDOM_TAIL, RANDOM_TAIL + 28),
                Arrays.copyOfRange(b, RANDOM_TAIL, RANDOM_TAIL + 28)), "the random must not repeat");
    }

    @Test
    void fingerprintsAreTheReferencesAsTheHelloParserComputesThem() throws Exception {
        // JA3 strings from esp8266-ussl-profile.md; the parser and JA3 code are the hello branch's.
        assertEquals("771,47-60-53-61,13,,", Ja3.of(ClientHelloParser.parse(catchHello(null))).text());
        assertEquals("771,47-60-53-61,13-0,,", Ja3.of(ClientHelloParser.parse(catchHello("esp.local"))).text());
        assertTrue(Ja4.of(ClientHelloParser.parse(catchHello("esp.local"))).fingerprint().startsWith("t12d0402"));
    }

    static void assertHello(String sni, String golden) throws Exception {
        byte[] sent = catchHello(sni);
        byte[] expected = Hex.parse(golden);
        assertEquals(expected.length, sent.length, () -> "length differs: " + Hex.of(sent));
        Arrays.fill(sent, RANDOM_TAIL, RANDOM_TAIL + 28, (byte) 0);
        assertArrayEquals(expected, sent, () -> "sent " + Hex.of(sent));
    }

    static byte[] catchHello(String sni) throws Exception {
        EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE, 42);
        try (HelloCatcher catcher = new HelloCatcher(); Socket s = catcher.connect()) {
            // The catcher closes after the hello: the board sees the connection lost mid-handshake.
            AxtlsException e = assertThrows(AxtlsException.class, () -> board.wrap(s, sni));
            assertEquals("OSError: (-256, 'CONN_LOST')", e.boardLine(), e::toString);
            return catcher.firstRecord();
        }
    }
}
