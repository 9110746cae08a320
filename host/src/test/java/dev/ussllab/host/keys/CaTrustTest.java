package dev.ussllab.host.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.profile.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad CA file, as host --require-client-cert and bridge --cafile each word it: the checks are
 * shared (CaTrust), the name of the file and the hints are the caller's. The texts were taken from
 * the commands before the checks were shared (ussl-lab host / bridge with each bad file); after
 * "holds no readable certificate: " come the JDK's words, so only the start is compared.
 */
class CaTrustTest {

    @TempDir
    Path dir;

    @Test
    void hostRequireClientCertWordsEachBadFile() throws Exception {
        expectEach(ClientCertificates::load, "CA file ",
                "give the PEM certificate of the CA that signs the boards' certificates (ussl-lab keygen --ca makes one)",
                "give a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void bridgeCafileWordsEachBadFile() throws Exception {
        expectEach(UpstreamTrust::fromCaFile, "--cafile ",
                "give the PEM file of the CA that signed the upstream server's certificate",
                "give PEM certificates (-----BEGIN CERTIFICATE-----)");
    }

    /** A missing file, one that is not a certificate, and an empty one. */
    private void expectEach(Consumer<Path> load, String named, String missingHint, String pemHint) throws Exception {
        Path missing = dir.resolve("missing.pem");
        expect(load, missing, named + missing + " does not exist", missingHint);
        Path junk = Files.writeString(dir.resolve("junk.pem"), "junk\n");
        expect(load, junk, named + junk + " holds no readable certificate: ", pemHint);
        Path empty = Files.createFile(dir.resolve("empty.pem"));
        expect(load, empty, named + empty + " holds no certificate", pemHint);
    }

    private static void expect(Consumer<Path> load, Path file, String message, String hint) {
        LabException e = assertThrows(LabException.class, () -> load.accept(file));
        // "...: " is followed by the JDK's own words (OpenJDK 17: "No certificate data found")
        if (message.endsWith(": ")) {
            assertEquals(message, e.getMessage().substring(0, Math.min(message.length(), e.getMessage().length())), e.getMessage());
        } else {
            assertEquals(message, e.getMessage());
        }
        assertEquals(hint, e.hint());
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
    }
}
