package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end through the command line: real host, emulated ESP8266, both desktop clients. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void freshFolderRunsTheWholeStoryInAFewSeconds() throws Exception {
        Path work = tmp.resolve("work");
        long t0 = System.nanoTime();
        Cli r = Cli.run("demo", "--dir", work.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(ms < 10_000, "demo took " + ms + " ms");
        System.out.println("demo (fresh folder, key generation included): " + ms + " ms");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("key.pem"))));
        assertTrue(r.out.startsWith("created " + work.resolve("key.pem")), r.out);
        assertEquals(1, count(r.out, "warning: policy compat accepts RSA key exchange"), r.out);

        String device = section(r.out, "esp8266-micropython");
        assertTrue(device.contains("Sent:     Hello Python TLS/SSL Server!\nReceived: HELLO PYTHON TLS/SSL SERVER!\n"), device);
        // The four axTLS suites in the board's order (esp8266-ussl-profile.md: 002f 003c 0035 003d), no SCSV.
        assertTrue(device.contains("offered 4 suites: TLS_RSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_128_CBC_SHA256,\n"
                + "                  TLS_RSA_WITH_AES_256_CBC_SHA, TLS_RSA_WITH_AES_256_CBC_SHA256\n"), device);
        assertTrue(device.contains("negotiated: TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA\n"), device);
        assertTrue(device.contains("JA3: 04f06ff27dda5ea52ba3d0c6a1e2d553 (771,47-60-53-61,13,,)\n"), device); // the reference's JA3
        assertTrue(device.contains("verdict: RSA key exchange: a capture is decryptable with key.pem alone"), device);

        String python = section(r.out, "python-krsa");
        assertTrue(python.contains("Received: HELLO PYTHON TLS/SSL SERVER!"), python);
        assertTrue(Pattern.compile("negotiated: TLSv1\\.2 TLS_RSA_WITH_\\w+\n").matcher(python).find(), python);
        assertTrue(python.contains("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"), python);

        String java = section(r.out, "java-default");
        assertTrue(java.contains("Received: HELLO PYTHON TLS/SSL SERVER!"), java);
        assertTrue(java.contains("negotiated: TLSv1.3 TLS_"), java);
        assertTrue(java.contains("verdict: forward secret"), java);
        assertTrue(r.out.contains("3 of 3 clients exchanged their message"), r.out);

        Cli again = Cli.run("demo", "--dir", work.toString(), "--message", "second run");
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.startsWith("using " + work.resolve("key.pem")), again.out);
        assertEquals(3, count(again.out, "Received: SECOND RUN\n"), again.out);
    }

    @Test
    void takenPortFallsBackToAFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("demo", "--dir", tmp.toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(0, r.exitCode, r.toString());
            Matcher m = Pattern.compile("port " + taken.getLocalPort() + " is taken; using (\\d+)\n").matcher(r.out);
            assertTrue(m.find(), r.out);
            assertTrue(r.out.contains("host listening on 127.0.0.1:" + m.group(1)), r.out);
        }
    }

    @Test
    void badWorkingFoldersAreOneLineErrors() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        expect("working folder " + file + " is a file", "--dir", file.toString());

        Path half = Files.createDirectories(tmp.resolve("half"));
        Files.writeString(half.resolve("key.pem"), "x");
        expect("has " + half.resolve("key.pem") + " but not " + half.resolve("cert.pem"), "--dir", half.toString());

        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, Cli.run("keygen", "--out-dir", a.toString()).exitCode);
        assertEquals(0, Cli.run("keygen", "--out-dir", b.toString()).exitCode);
        Files.copy(b.resolve("cert.pem"), a.resolve("cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        expect("does not match the certificate", "--dir", a.toString());
        expect("--message contains a newline", "--dir", a.toString(), "--message", "two\nlines");
    }

    private static void expect(String fragment, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "demo";
        System.arraycopy(args, 0, full, 1, args.length);
        Cli r = Cli.run(full);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab demo: ") && r.err.contains(fragment), r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(!r.out.contains("host listening"), "no host started on bad input: " + r.out);
    }

    private static String section(String out, String profile) {
        int at = out.indexOf("== " + profile + ":");
        assertTrue(at >= 0, "no section for " + profile + ":\n" + out);
        int end = out.indexOf("\n== ", at + 1);
        return out.substring(at, end < 0 ? out.length() : end);
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
