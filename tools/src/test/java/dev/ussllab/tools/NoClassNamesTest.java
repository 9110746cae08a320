package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ussllab.profile.UserText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: no Bouncy Castle or JDK class name reaches the user unless USSL_LAB_VERBOSE is set.
 * Walks the error paths where the TLS stacks and the JDK speak: every built-in client against a
 * plain HTTP server, a silent server and a closed port, and file errors of decrypt and keygen.
 */
class NoClassNamesTest {

    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(java|javax|jdk|sun|org\\.bouncycastle)\\.[a-z]|[A-Za-z]Exception\\b|TlsFatalAlert");

    @TempDir
    Path dir;

    @Test
    void failingClientsAndFilesSpeakWithoutClassNames() throws Exception {
        assumeTrue(!UserText.verbose(), "USSL_LAB_VERBOSE is set: class names are kept on purpose");
        List<String> leaks = new ArrayList<>();
        List<Cli> runs = new ArrayList<>();
        try (RawServer http = new RawServer(RawServer.Behaviour.HTTP_400)) {
            runs.add(Cli.run("device", "--port", "" + http.port(), "--timeout", "3"));
        }
        // One failure of each kind per TLS stack: the JDK's (java-default), Bouncy Castle's (bc-default).
        for (String profile : List.of("java-default", "bc-default")) {
            try (RawServer http = new RawServer(RawServer.Behaviour.HTTP_400)) {
                runs.add(Cli.run("client", "--profile", profile, "--cafile", cert().toString(), "--port", "" + http.port(), "--timeout", "3"));
            }
        }
        try (RawServer hang = new RawServer(RawServer.Behaviour.HANG)) {
            runs.add(Cli.run("client", "--profile", "java-default", "--cafile", cert().toString(), "--port", "" + hang.port(), "--timeout", "1"));
        }
        runs.add(Cli.run("client", "--profile", "java-tls12-krsa", "--cafile", cert().toString(), "--port", "" + RawServer.closedPort(), "--timeout", "1"));
        Path garbage = Files.write(dir.resolve("garbage.pcapng"), new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 12, 0, 0, 0, 1, 2, 3, 4});
        runs.add(Cli.run("decrypt", garbage.toString()));
        runs.add(Cli.run("decrypt", dir.resolve("missing.pcap").toString()));
        runs.add(Cli.run("client", "--cafile", garbage.toString(), "--port", "1"));
        for (Cli r : runs) {
            assertTrue(r.exitCode != 0, r::toString);
            if (CLASS_NAME.matcher(r.out + r.err).find()) {
                leaks.add(r.toString());
            }
        }
        assertEquals(List.of(), leaks);
    }

    private Path cert() throws Exception {
        Path c = dir.resolve("cert.pem");
        if (!Files.exists(c)) {
            assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString(), "--bits", "1024").exitCode);
        }
        return c;
    }
}
