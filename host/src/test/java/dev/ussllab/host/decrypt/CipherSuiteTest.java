package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decryptor's suites come from firmware-profile's table. Golden: the 30 suites the
 * decryptor's own hand-written table held before the two were folded into one, with the
 * parameters that table gave them (IANA registry numbers, RFC 5246/5288/5289/7905/8446).
 */
class CipherSuiteTest {

    static final List<String> BEFORE_THE_FOLD = List.of(
            "0x002F TLS_RSA_WITH_AES_128_CBC_SHA RSA AES_128_CBC HmacSHA1",
            "0x0035 TLS_RSA_WITH_AES_256_CBC_SHA RSA AES_256_CBC HmacSHA1",
            "0x003C TLS_RSA_WITH_AES_128_CBC_SHA256 RSA AES_128_CBC HmacSHA256",
            "0x003D TLS_RSA_WITH_AES_256_CBC_SHA256 RSA AES_256_CBC HmacSHA256",
            "0x009C TLS_RSA_WITH_AES_128_GCM_SHA256 RSA AES_128_GCM null",
            "0x009D TLS_RSA_WITH_AES_256_GCM_SHA384 RSA AES_256_GCM null",
            "0x0033 TLS_DHE_RSA_WITH_AES_128_CBC_SHA DHE AES_128_CBC HmacSHA1",
            "0x0039 TLS_DHE_RSA_WITH_AES_256_CBC_SHA DHE AES_256_CBC HmacSHA1",
            "0x0067 TLS_DHE_RSA_WITH_AES_128_CBC_SHA256 DHE AES_128_CBC HmacSHA256",
            "0x006B TLS_DHE_RSA_WITH_AES_256_CBC_SHA256 DHE AES_256_CBC HmacSHA256",
            "0x009E TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 DHE AES_128_GCM null",
            "0x009F TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 DHE AES_256_GCM null",
            "0xCCAA TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 DHE CHACHA20_POLY1305 null",
            "0xC009 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA ECDHE AES_128_CBC HmacSHA1",
            "0xC00A TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA ECDHE AES_256_CBC HmacSHA1",
            "0xC013 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA ECDHE AES_128_CBC HmacSHA1",
            "0xC014 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA ECDHE AES_256_CBC HmacSHA1",
            "0xC023 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ECDHE AES_128_CBC HmacSHA256",
            "0xC024 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 ECDHE AES_256_CBC HmacSHA384",
            "0xC027 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 ECDHE AES_128_CBC HmacSHA256",
            "0xC028 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 ECDHE AES_256_CBC HmacSHA384",
            "0xC02B TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ECDHE AES_128_GCM null",
            "0xC02C TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ECDHE AES_256_GCM null",
            "0xC02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ECDHE AES_128_GCM null",
            "0xC030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ECDHE AES_256_GCM null",
            "0xCCA8 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 ECDHE CHACHA20_POLY1305 null",
            "0xCCA9 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ECDHE CHACHA20_POLY1305 null",
            "0x1301 TLS_AES_128_GCM_SHA256 TLS13 AES_128_GCM null",
            "0x1302 TLS_AES_256_GCM_SHA384 TLS13 AES_256_GCM null",
            "0x1303 TLS_CHACHA20_POLY1305_SHA256 TLS13 CHACHA20_POLY1305 null");

    @Test
    void everySuiteTheOldTableHadKeepsItsParameters() {
        for (String row : BEFORE_THE_FOLD) {
            String[] f = row.split(" ");
            CipherSuite s = CipherSuite.byId(Integer.decode(f[0]));
            String hash = f[1].endsWith("SHA384") ? "SHA-384" : "SHA-256";
            assertEquals(f[1] + " " + f[2] + " " + f[3] + " " + f[4] + " " + hash,
                    s == null ? "missing " + row : s.name() + " " + s.keyExchange() + " " + s.bulk() + " " + s.macAlgorithm()
                            + " " + s.hash());
        }
    }

    @Test
    void suitesItCannotRunAreUnknownButStillNamed() {
        assertNull(CipherSuite.byId(0x00AD)); // TLS_RSA_PSK_WITH_AES_256_GCM_SHA384: no PSK key exchange here
        assertNull(CipherSuite.byId(0x0041)); // TLS_RSA_WITH_CAMELLIA_128_CBC_SHA
        assertEquals("TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", CipherSuite.describe(0x0041));
        assertEquals("0xC0FF", CipherSuite.describe(0xC0FF));
    }
}
