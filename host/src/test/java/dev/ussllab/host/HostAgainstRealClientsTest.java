package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.SeedClient;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's sslclient.py (as written, and with Python's default context) and openssl s_client
 * against the host under each policy: who connects, with what, and who is refused (and how the host logs it).
 */
class HostAgainstRealClientsTest {

    static final String MESSAGE = "Hello Python TLS/SSL Server!";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void seedClientConnectsUnlessModern(CipherPolicy policy) throws Exception {
        try (RunningHost host = new RunningHost(dir, policy)) {
            SeedClient.Run p = SeedClient.run(dir, "127.0.0.1", host.port(), host.cert);
            ConnectionRecord r = host.next();
            if (policy == CipherPolicy.MODERN) {
                assertNotEquals(0, p.exitCode(), p.toString());
                assertTrue(p.err().contains("HANDSHAKE_FAILURE") || p.err().contains("handshake failure"), p.toString());
                assertEquals(Outcome.ALERT, r.outcome(), r.logLine());
                assertTrue(r.detail().contains("handshake_failure"), r.logLine());
            } else {
                assertEquals(0, p.exitCode(), p.toString());
                assertEquals("Sent:     " + MESSAGE + "\nReceived: " + MESSAGE.toUpperCase() + "\n", p.out());
                assertEquals(Outcome.OK, r.outcome(), r.logLine());
                assertEquals("TLSv1.2", r.protocol());
                assertTrue(CipherPolicy.isRsaKeyExchange(r.cipherSuite()), r.logLine());
                assertEquals(MESSAGE, new String(r.received()));
            }
            // OpenSSL's kRSA list always holds AES128-SHA (002f), and the ClientHello starts 01 <len> 03 03.
            assertTrue(r.offeredSuites().contains(0x002f), r.logLine());
            byte[] hello = r.clientHello();
            assertEquals(1, hello[0]);
            assertEquals(hello.length - 4, ((hello[1] & 0xff) << 16) | ((hello[2] & 0xff) << 8) | (hello[3] & 0xff));
            assertEquals(3, hello[4]);
            assertEquals(3, hello[5]);
            assertTrue(r.bytesIn() > hello.length && r.bytesOut() > 0, r.logLine());
            // JA3 from the shared parser agrees with what BC was offered (same suites, same order).
            String offeredDecimal = r.offeredSuites().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("-"));
            assertTrue(r.ja3Text().startsWith("771," + offeredDecimal + ","), r.ja3Text());
            assertEquals(32, r.ja3().length());
        }
    }

    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void pythonDefaultClientConnectsUnlessKrsa(CipherPolicy policy) throws Exception {
        try (RunningHost host = new RunningHost(dir, policy)) {
            SeedClient.Run p = SeedClient.run(dir, "127.0.0.1", host.port(), host.cert,
                    "--default-context", "--show-session", "--message", "hello, default");
            ConnectionRecord r = host.next();
            if (policy == CipherPolicy.KRSA) {
                // Python 3.10+ offers no TLS_RSA suite: the mirror image of the ESP8266's problem.
                assertNotEquals(0, p.exitCode(), p.toString());
                assertEquals(Outcome.ALERT, r.outcome(), r.logLine());
                assertFalse(r.offeredSuites().stream().anyMatch(CipherPolicy::isRsaKeyExchange), r.logLine());
            } else {
                assertEquals(0, p.exitCode(), p.toString());
                assertTrue(p.out().contains("Received: HELLO, DEFAULT\n"), p.out());
                assertTrue(p.out().contains("Version:  TLSv1.3"), p.out());
                assertEquals("TLSv1.3", r.protocol(), r.logLine());
                assertEquals("localhost", r.serverName(), r.logLine());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void opensslKrsaClient(CipherPolicy policy) throws Exception {
        try (RunningHost host = new RunningHost(dir, policy)) {
            Proc p = sClient(host, "-tls1_2", "-cipher", "kRSA");
            ConnectionRecord r = host.next();
            if (policy == CipherPolicy.MODERN) {
                assertNotEquals(0, p.exit, p.toString());
                assertTrue(r.detail().contains("handshake_failure"), r.logLine());
            } else {
                assertEquals(0, p.exit, p.toString());
                assertTrue(p.out.contains("S_CLIENT SAYS HI"), p.toString());
                assertEquals("TLSv1.2", r.protocol(), r.logLine());
                assertTrue(CipherPolicy.isRsaKeyExchange(r.cipherSuite()), r.logLine());
                assertEquals("lab.example", r.serverName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void opensslTls13Client(CipherPolicy policy) throws Exception {
        try (RunningHost host = new RunningHost(dir, policy)) {
            Proc p = sClient(host, "-tls1_3");
            ConnectionRecord r = host.next();
            if (policy == CipherPolicy.KRSA) {
                assertNotEquals(0, p.exit, p.toString());
                assertTrue(r.detail().contains("protocol_version"), r.logLine());
            } else {
                assertEquals(0, p.exit, p.toString());
                assertTrue(p.out.contains("S_CLIENT SAYS HI"), p.toString());
                assertEquals("TLSv1.3", r.protocol(), r.logLine());
                assertTrue(r.cipherSuiteName().startsWith("TLS_AES_") || r.cipherSuiteName().startsWith("TLS_CHACHA"));
            }
        }
    }

    /** s_client with OpenSSL 3's defaults: TLS 1.3 where allowed, else TLS 1.2 with its DEFAULT list. */
    @ParameterizedTest
    @EnumSource(CipherPolicy.class)
    void opensslDefaultClientConnectsUnderEveryPolicy(CipherPolicy policy) throws Exception {
        try (RunningHost host = new RunningHost(dir, policy)) {
            Proc p = sClient(host);
            ConnectionRecord r = host.next();
            assertEquals(0, p.exit, p.toString());
            assertTrue(p.out.contains("S_CLIENT SAYS HI"), p.toString());
            if (policy == CipherPolicy.KRSA) {
                // OpenSSL's DEFAULT still lists kRSA suites for TLS 1.2, so the decryptable mode connects.
                assertEquals("TLSv1.2", r.protocol(), r.logLine());
                assertTrue(CipherPolicy.isRsaKeyExchange(r.cipherSuite()), r.logLine());
            } else {
                assertEquals("TLSv1.3", r.protocol(), r.logLine());
            }
        }
    }

    /** openssl s_client sends the message, waits for the host to answer and close (-ign_eof). */
    static Proc sClient(RunningHost host, String... extra) {
        String openssl = Peers.require("openssl");
        String[] base = {openssl, "s_client", "-connect", "127.0.0.1:" + host.port(), "-servername", "lab.example",
            "-CAfile", host.cert.toString(), "-ign_eof"};
        String[] cmd = new String[base.length + extra.length];
        System.arraycopy(base, 0, cmd, 0, base.length);
        System.arraycopy(extra, 0, cmd, base.length, extra.length);
        return Proc.run(host.dir.toFile(), "  s_client says hi\n", 20, cmd);
    }
}
