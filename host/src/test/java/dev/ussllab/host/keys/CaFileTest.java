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
 * shared (CaFile), the name of the file and the hints are the caller's. The texts were taken from
 * the commands before the checks were shared (ussl-lab host / bridge with each bad file); after
 * "holds no readable certificate: " come the JDK's words, so only the start is compared.
 */
class CaFileTest {

    @TempDir
    Path dir;

    @Test
    void hostRequireClientCertWordsEachBadFile() throws Exception {
        Consumer<Path> host = ClientCertificates::load;
        String pem = "give a PEM certificate (-----BEGIN CERTIFICATE-----)";
        Path missing = dir.resolve("missing.pem");
        expect(host, missing, "CA file " + missing + " does not exist",
                "give the PEM certificate of the CA that signs the boards' certificates (ussl-lab keygen --ca makes one)");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "junk\n");
        expect(host, junk, "CA file " + junk + " holds no readable certificate: ", pem);
        Path empty = Files.createFile(dir.resolve("empty.pem"));
        expect(host, empty, "CA file " + empty + " holds no certificate", pem);
    }

    @Test
    void bridgeCafileWordsEachBadFile() throws Exception {
        Consumer<Path> bridge = UpstreamTrust::fromCaFile;
        String pem = "give PEM certificates (-----BEGIN CERTIFICATE-----)";
        Path missing = dir.resolve("missing.pem");
        expect(bridge, missing, "--cafile " + missing + " does not exist",
                "give the PEM file of the CA that signed the upstream server's certificate");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "junk\n");
        expect(bridge, junk, "--cafile " + junk + " holds no readable certificate: ", pem);
        Path empty = Files.createFile(dir.resolve("empty.pem"));
        expect(bridge, empty, "--cafile " + empty + " holds no certificate", pem);
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
