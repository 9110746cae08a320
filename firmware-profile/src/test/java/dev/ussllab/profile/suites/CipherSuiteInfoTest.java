package dev.ussllab.profile.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.tls.LabCrypto;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.TlsAuthentication;
import org.junit.jupiter.api.Test;

class CipherSuiteInfoTest {

    @Test
    void theFourEsp8266SuitesAreKnownAndRsaKeyExchange() {
        // shared/reference/esp8266-ussl-profile.md: 002f 003c 0035 003d, in that order.
        List<String> openssl = List.of("AES128-SHA", "AES128-SHA256", "AES256-SHA", "AES256-SHA256");
        int[] codes = {0x002f, 0x003c, 0x0035, 0x003d};
        for (int i = 0; i < codes.length; i++) {
            CipherSuiteInfo s = CipherSuiteInfo.of(codes[i]).orElseThrow();
            assertEquals(openssl.get(i), s.opensslName());
            assertTrue(s.rsaKeyExchange());
            assertFalse(s.forwardSecret());
        }
        assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", CipherSuiteInfo.name(0x002f));
        CipherSuiteInfo gcm = CipherSuiteInfo.of(0xc02f).orElseThrow();
        assertEquals(List.of("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", "ECDH", "RSA", "AESGCM(128)", "AEAD"),
                List.of(gcm.opensslName(), gcm.protocol(), gcm.kx(), gcm.au(), gcm.enc(), gcm.mac()));
    }

    @Test
    void unknownCodesStillRender() {
        assertEquals("unknown(0xC0FF)", CipherSuiteInfo.name(0xC0FF));
        assertEquals("GREASE(0x0A0A)", CipherSuiteInfo.name(0x0A0A));
        assertEquals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV", CipherSuiteInfo.name(0x00FF));
        assertFalse(CipherSuiteInfo.isRsaKeyExchange(0xC0FF));
    }

    @Test
    void everySuiteTheRunningJdkEnablesIsInTheTable() throws Exception {
        SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket();
        try (socket) {
            for (String name : socket.getEnabledCipherSuites()) {
                assertTrue(CipherSuiteInfo.all().stream().anyMatch(s -> s.ianaName().equals(name)), name);
            }
        }
    }

    @Test
    void everySuiteBouncyCastlesDefaultClientOffersIsInTheTable() {
        int[] suites = new DefaultTlsClient(LabCrypto.shared()) {
            int[] offered() {
                return getSupportedCipherSuites();
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return null;
            }
        }.offered();
        assertTrue(suites.length > 10, Arrays.toString(suites));
        for (int code : suites) {
            assertTrue(CipherSuiteInfo.of(code).isPresent(), String.format("0x%04x", code));
        }
    }

    @Test
    void codesAreUniqueAndTls13SuitesAreForwardSecret() {
        assertEquals(CipherSuiteInfo.all().size(),
                CipherSuiteInfo.all().stream().mapToInt(CipherSuiteInfo::code).distinct().count());
        CipherSuiteInfo.all().stream().filter(CipherSuiteInfo::tls13)
                .forEach(s -> assertTrue(s.forwardSecret() && !s.rsaKeyExchange(), s.ianaName()));
    }
}
