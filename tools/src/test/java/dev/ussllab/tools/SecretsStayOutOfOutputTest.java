package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 section 2, audited on real runs: the demo (host, emulated ESP8266, desktop clients, key
 * log, capture, decryption) and decrypt in every output form print no secret of the sessions they
 * handled (master and traffic secrets from the key log, the private key) in any log line, error
 * or --json document; the files that hold them have the modes the README's Security section says.
 */
class SecretsStayOutOfOutputTest {

    @TempDir
    Path dir;

    @Test
    void noSecretReachesAnyOutput() throws Exception {
        Cli demo = Cli.run("demo", "--dir", dir.toString(), "--port", "0");
        assertEquals(0, demo.exitCode, demo.toString());
        Path keyLog = dir.resolve("demo-keys.log");
        Path capture = dir.resolve("demo.pcapng");
        List<String> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(keyLog)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                secrets.add(f[2]);
            }
        }
        assertTrue(secrets.size() >= 3, "the demo's sessions logged their secrets: " + secrets);
        List<String> keyLines = Files.readAllLines(dir.resolve("key.pem")).stream()
                .filter(l -> !l.startsWith("-----") && l.length() > 40).toList();
        assertFalse(keyLines.isEmpty());

        List<Cli> runs = new ArrayList<>(List.of(demo));
        String key = dir.resolve("key.pem").toString();
        runs.add(Cli.run("decrypt", capture.toString()));
        runs.add(Cli.run("decrypt", capture.toString(), "--json"));
        runs.add(Cli.run("decrypt", capture.toString(), "--key", key, "--keylog", keyLog.toString(), "--json"));
        runs.add(Cli.run("decrypt", capture.toString(), "--key", key, "--no-capture-secrets"));
        // A key log with a line one field too long: the error names the line, not its secret.
        Path bad = dir.resolve("bad.log");
        Files.writeString(bad, Files.readAllLines(keyLog).get(0) + " trailing\n");
        Cli badRun = Cli.run("decrypt", capture.toString(), "--keylog", bad.toString());
        assertEquals(2, badRun.exitCode, badRun.toString());
        runs.add(badRun);
        // The private key given where a key log is expected: refused without echoing it.
        Cli keyAsLog = Cli.run("decrypt", capture.toString(), "--keylog", key);
        assertEquals(2, keyAsLog.exitCode, keyAsLog.toString());
        runs.add(keyAsLog);

        for (Cli r : runs) {
            String all = r.out + r.err;
            for (String s : secrets) {
                assertFalse(all.toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT)),
                        "a secret from the key log was printed:\n" + r);
            }
            for (String k : keyLines) {
                assertFalse(all.contains(k), "a line of key.pem was printed:\n" + r);
            }
        }

        assertEquals("rw-------", mode(keyLog));
        assertEquals("rw-------", mode(capture));
        assertEquals("rw-------", mode(dir.resolve("key.pem")));
    }

    @Test
    void theDemoFolderItMakesIsPrivate() {
        Path work = dir.resolve("fresh-work");
        Cli demo = Cli.run("demo", "--dir", work.toString(), "--port", "0");
        assertEquals(0, demo.exitCode, demo.toString());
        assertEquals("rwx------", mode(work));
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
