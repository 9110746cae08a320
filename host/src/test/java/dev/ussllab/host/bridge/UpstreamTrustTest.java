package dev.ussllab.host.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.keys.PemFiles;
import dev.ussllab.host.keys.SelfSignedCertificate;
import dev.ussllab.host.keys.SubjectAltNames;
import dev.ussllab.profile.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream's certificate: chain against --cafile, and the name as RFC 6125 (and browsers) match it. */
class UpstreamTrustTest {

    @TempDir
    Path dir;

    @Test
    void wildcardsCoverExactlyOneLeftMostLabel() {
        assertTrue(UpstreamTrust.dnsMatch("*.example.com", "mqtt.example.com"));
        assertFalse(UpstreamTrust.dnsMatch("*.example.com", "example.com"));
        assertFalse(UpstreamTrust.dnsMatch("*.example.com", "a.b.example.com"));
        assertFalse(UpstreamTrust.dnsMatch("*.com", "example.com"), "no wildcard over a public suffix-like name");
        assertTrue(UpstreamTrust.dnsMatch("broker.example.com", "broker.example.com"));
        assertFalse(UpstreamTrust.dnsMatch("broker.example.com", "broker.example.org"));
    }

    @Test
    void chainAndNameAreBothChecked() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.builder()
                .altNames(SubjectAltNames.parse("DNS:broker.lab,IP:127.0.0.1", null)).build();
        Path cert = dir.resolve("cert.pem");
        PemFiles.write(server, dir.resolve("key.pem"), cert, false);
        List<byte[]> chain = List.of(server.certificate().getEncoded());

        UpstreamTrust trust = UpstreamTrust.fromCaFile(cert);
        assertNull(trust.problem(chain, "broker.lab"));
        assertNull(trust.problem(chain, "BROKER.lab."), "case and a trailing dot do not matter");
        assertNull(trust.problem(chain, "127.0.0.1"));
        assertEquals("certificate CN=localhost is not for other.lab (it names DNS:broker.lab, IP:127.0.0.1)",
                trust.problem(chain, "other.lab"));
        assertTrue(trust.problem(chain, "127.0.0.2").contains("is not for 127.0.0.2"));

        SelfSignedCertificate stranger = SelfSignedCertificate.builder().build();
        Path other = dir.resolve("other.pem");
        PemFiles.write(stranger, dir.resolve("other-key.pem"), other, false);
        String problem = UpstreamTrust.fromCaFile(other).problem(chain, "broker.lab");
        assertTrue(problem.startsWith("certificate CN=localhost (issuer CN=localhost) is not trusted by " + other + ": "), problem);
        assertNull(UpstreamTrust.insecure().problem(chain, "anything"));

        Files.writeString(dir.resolve("empty.pem"), "");
        LabException e = org.junit.jupiter.api.Assertions.assertThrows(LabException.class,
                () -> UpstreamTrust.fromCaFile(dir.resolve("empty.pem")));
        assertEquals(2, e.exitCode());
    }
}
