package dev.ussllab.profile.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    @Test
    void unknownProfileIsBadInputNamingItAndTheKnownOnes() {
        LabException e = assertThrows(LabException.class, () -> Profiles.byName("esp32"));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("'esp32'"), e.getMessage());
        for (String known : Profiles.names()) {
            assertTrue(e.hint().contains(known), e.hint());
        }
    }

    @Test
    void everyBuiltInLoadsUnderItsName() {
        List<TlsClientProfile> all = Profiles.all();
        assertEquals(Profiles.names().size(), all.size());
        for (TlsClientProfile p : all) {
            assertEquals(p.name(), Profiles.byName(p.name()).name());
            assertFalse(p.description().isBlank(), p.name());
            assertTrue(p.cipherSuites().length > 0, p.name() + " reports no suites");
        }
    }

    @Test
    void esp8266IsTheReferenceData() {
        TlsClientProfile p = Profiles.byName("esp8266-micropython");
        assertEquals(List.of("TLSv1.2"), p.versions());
        assertArrayEquals(new int[] {0x002f, 0x003c, 0x0035, 0x003d}, p.cipherSuites());
        assertArrayEquals(new int[] {0x0601, 0x0501, 0x0401, 0x0201}, p.signatureAlgorithms());
        assertArrayEquals(new int[] {13, 0}, p.extensionOrder());
        assertFalse(p.scsv());
        assertEquals(5115, p.receiveRecordLimit());
        assertEquals(1024, p.writeRecordSize());
        assertEquals(TlsClientProfile.RandomPrefix.UPTIME_SECONDS, p.randomPrefix());
        assertEquals(TlsClientProfile.Verification.NONE, p.verification());
    }

    @Test
    void jdkProfilesKeepTheScsvAsAFlagNotASuite() {
        for (String name : new String[] {"java-default", "java-tls12-krsa"}) {
            TlsClientProfile p = Profiles.byName(name);
            assertFalse(CipherSuiteNames.names(p.cipherSuites()).contains("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"), name);
            assertTrue(p.scsv(), name + ": JDK 17 sends the SCSV by default");
        }
    }

    @Test
    void jdkKrsaProfileHoldsOnlyRsaKeyExchangeSuitesAndTls12() {
        TlsClientProfile p = Profiles.byName("java-tls12-krsa");
        assertEquals(List.of("TLSv1.2"), p.versions());
        for (String name : CipherSuiteNames.names(p.cipherSuites())) {
            assertTrue(name.startsWith("TLS_RSA_WITH_"), name);
        }
    }

    @Test
    void bcDefaultSaysWhichBouncyCastleItIs() {
        TlsClientProfile p = Profiles.byName("bc-default");
        assertTrue(p.description().startsWith("Bouncy Castle 1.84 DefaultTlsClient"), p.description());
        assertTrue(p.versions().contains("TLSv1.3"), p.versions().toString());
    }

    @Test
    void suiteNamesComeFromTheIanaRegistryNames() {
        assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", CipherSuiteNames.name(0x002f));
        assertEquals("TLS_AES_128_GCM_SHA256", CipherSuiteNames.name(0x1301));
        assertEquals(0x003d, CipherSuiteNames.code("TLS_RSA_WITH_AES_256_CBC_SHA256"));
        assertEquals("0xFAFA", CipherSuiteNames.name(0xfafa));
    }

    @Test
    void builderRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TlsClientProfile.builder("x").build());
        assertThrows(IllegalArgumentException.class,
                () -> TlsClientProfile.builder("x").cipherSuites(0x2f).versions("SSLv3").build());
        assertThrows(IllegalArgumentException.class,
                () -> TlsClientProfile.builder("x").cipherSuites(0x2f).extensionOrder(13, 13).build());
    }
}
