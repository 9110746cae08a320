package dev.ussllab.tools.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.host.decrypt.SessionDecryptor;
import dev.ussllab.tools.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tcpdump capture on the loopback holding openssl s_client -> s_server sessions of every kind
 * the decryptor handles (TLS 1.2 RSA with CBC/EMS/ETM, MAC-then-encrypt and GCM; ECDHE with GCM
 * and ChaCha20; TLS 1.3 with AES-256-GCM and ChaCha20; a resumed session), and openssl's own key
 * log of them. Our output is checked against what we sent and against tshark.
 */
class DecryptCommandTest {

    static final String CLIENT_TEXT = "hello from client\\n";
    static final String SERVER_TEXT = "HELLO FROM SERVER\\n";

    /** Client options per session, in capture order; the server side is openssl's defaults. */
    static final List<List<String>> SESSIONS = List.of(
            List.of("-tls1_2", "-cipher", "AES128-SHA", "-servername", "lab.example"),
            List.of("-tls1_2", "-cipher", "AES256-SHA256", "-no_etm"),
            List.of("-tls1_2", "-cipher", "AES256-GCM-SHA384"),
            List.of("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"),
            List.of("-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"),
            List.of("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"),
            List.of("-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"));

    @TempDir
    static Path dir;

    static Path capture;
    static Path keyLog;

    @BeforeAll
    static void captureSessions() throws Exception {
        LoopbackCapture.makeKey(dir, "server");
        LoopbackCapture.makeKey(dir, "other");
        capture = dir.resolve("all.pcap");
        keyLog = dir.resolve("openssl-keys.log");
        int port = LoopbackCapture.freePort();
        try (LoopbackCapture tcpdump = LoopbackCapture.start(capture, port)) {
            for (List<String> client : SESSIONS) {
                List<String> c = new ArrayList<>(client);
                c.addAll(List.of("-keylogfile", keyLog.toString()));
                LoopbackCapture.opensslSession(dir, port, List.of(), c);
            }
            // A full TLS 1.2 RSA handshake saving its session, then an abbreviated one resuming it.
            Path session = dir.resolve("session.pem");
            LoopbackCapture.opensslSessions(dir, port, List.of(), List.of(
                    List.of("-tls1_2", "-cipher", "AES128-SHA", "-sess_out", session.toString()),
                    List.of("-tls1_2", "-cipher", "AES128-SHA", "-sess_in", session.toString(),
                            "-keylogfile", keyLog.toString())));
            tcpdump.stop();
        }
    }

    record Session(String suite, boolean decrypted, String method, String reason, List<String> texts) {}

    private static final Pattern SESSION = Pattern.compile(
            "\\{\"client\":.*?\"cipherSuite\":\"([^\"]*)\".*?\"decrypted\":(true|false),\"method\":(null|\"[^\"]*\"),"
                    + "\"reason\":(null|\"[^\"]*\"),\"missingBytes\":0,\"records\":\\[(.*?)\\]\\}");
    private static final Pattern TEXT = Pattern.compile("\"direction\":\"([a-z>-]+)\".*?\"text\":\"([^\"]*)\"");

    static String decryptJson() {
        return Cli.run("decrypt", capture.toString(), "--json").out;
    }

    static List<Session> decrypt(String... options) {
        return decrypt(0, options);
    }

    static List<Session> decrypt(int exitCode, String... options) {
        List<String> args = new ArrayList<>(List.of("decrypt", capture.toString(), "--json"));
        args.addAll(List.of(options));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(exitCode, r.exitCode, r.toString());
        if (exitCode == 1) {
            // Issue 15: no session decrypted is a failure, in one line after the sessions that say why.
            assertEquals(1, r.err.lines().count(), r.err);
            assertTrue(r.err.endsWith(": none of the " + (SESSIONS.size() + 2) + " TLS session(s) could be decrypted"
                    + " (each session above says why)\n"), r.err);
        }
        List<Session> out = new ArrayList<>();
        Matcher m = SESSION.matcher(r.out);
        while (m.find()) {
            List<String> texts = new ArrayList<>();
            Matcher t = TEXT.matcher(m.group(5));
            while (t.find()) {
                texts.add(t.group(1) + " " + t.group(2));
            }
            out.add(new Session(m.group(1), Boolean.parseBoolean(m.group(2)), unquote(m.group(3)), unquote(m.group(4)),
                    texts));
        }
        assertEquals(SESSIONS.size() + 2, out.size(), r.out);
        return out;
    }

    private static String unquote(String s) {
        return "null".equals(s) ? null : s.substring(1, s.length() - 1);
    }

    private static void assertDecrypted(Session s, String method) {
        assertTrue(s.decrypted(), s.toString());
        assertEquals(method, s.method(), s.toString());
        assertEquals(List.of("client->server " + CLIENT_TEXT, "server->client " + SERVER_TEXT), s.texts(), s.toString());
    }

    @Test
    void rsaKeyAloneDecryptsRsaKeyExchangeAndExplainsTheRest() {
        List<Session> s = decrypt("--key", dir.resolve("server-key.pem").toString());
        assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", s.get(0).suite());
        assertTrue(decryptJson().contains("\"sni\":\"lab.example\""));
        // Who ran the RSA private operations is named (issue 13: the provider in use, ACCP or the JDK's).
        assertTrue(Cli.run("decrypt", capture.toString(), "--json", "--key", dir.resolve("server-key.pem").toString())
                .out.matches("(?s).*\"tcpConnections\":\\d+,\"rsaProvider\":\"(Amazon Corretto Crypto Provider|JDK ).*"));
        assertDecrypted(s.get(0), "RSA key"); // openssl negotiates EMS and encrypt-then-MAC here
        assertEquals("TLS_RSA_WITH_AES_256_CBC_SHA256", s.get(1).suite());
        assertDecrypted(s.get(1), "RSA key"); // MAC-then-encrypt
        assertDecrypted(s.get(2), "RSA key"); // GCM
        assertEquals("ECDHE" + SessionDecryptor.FORWARD_SECRET, s.get(3).reason());
        assertEquals("ECDHE" + SessionDecryptor.FORWARD_SECRET, s.get(4).reason());
        assertEquals(SessionDecryptor.TLS13_FORWARD_SECRET, s.get(5).reason());
        assertEquals(SessionDecryptor.TLS13_FORWARD_SECRET, s.get(6).reason());
        assertDecrypted(s.get(7), "RSA key");
        assertEquals(SessionDecryptor.RESUMED, s.get(8).reason());
    }

    /** The CBC paths really ran: session 1 negotiated encrypt-then-MAC (22) and EMS (23), session 2 neither ETM. */
    @Test
    void serverHellosShowWhichCbcPathEachSessionTook() throws Exception {
        List<String> hellos = run(Peers.require("tshark"), "-r", capture.toString(), "-Y", "tls.handshake.type == 2",
                "-T", "fields", "-e", "tls.handshake.extension.type");
        List<String> ext = hellos.stream().filter(l -> !l.isBlank()).toList();
        assertTrue(List.of(ext.get(0).split(",")).containsAll(List.of("22", "23")), ext.get(0));
        assertTrue(List.of(ext.get(1).split(",")).contains("23") && !List.of(ext.get(1).split(",")).contains("22"),
                ext.get(1));
    }

    @Test
    void opensslKeyLogDecryptsEverySession() {
        List<Session> s = decrypt("--keylog", keyLog.toString());
        for (int i = 0; i < s.size(); i++) {
            if (i == 7) {
                // Its client wrote no key log (it saved the session instead): said so plainly.
                assertTrue(s.get(i).reason().startsWith("the key log has no secrets for this session"), s.get(i).reason());
            } else {
                assertDecrypted(s.get(i), "key log");
            }
        }
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", s.get(6).suite());
        assertEquals("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", s.get(4).suite());
    }

    @Test
    void textOutputNamesEndpointsSuiteSniAndRecords() {
        Cli r = Cli.run("decrypt", capture.toString(), "--key", dir.resolve("server-key.pem").toString());
        assertEquals(0, r.exitCode, r.toString());
        String first = r.out.substring(0, r.out.indexOf("session 2:"));
        assertTrue(first.matches("(?s)session 1: 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+  TLSv1\\.2  "
                + "TLS_RSA_WITH_AES_128_CBC_SHA  SNI lab\\.example  started \\S+Z\n"
                + "  decrypted with the RSA key\n"
                + "  \\+0\\.\\d{6} s  client -> server  18 bytes  text: hello from client\\\\n\n"
                + "  \\+0\\.\\d{6} s  server -> client  18 bytes  text: HELLO FROM SERVER\\\\n\n"), first);
        assertTrue(r.out.contains("  not decrypted: " + SessionDecryptor.RESUMED + "\n"), r.out);
    }

    /** Garbage on the wire or in the file: every mutation ends in a report or a one-line error, never a crash. */
    @Test
    void mutatedCapturesNeverCrash() throws Exception {
        byte[] original = Files.readAllBytes(capture);
        java.util.Random random = new java.util.Random(7);
        Path mutated = dir.resolve("mutated.pcap");
        for (int i = 0; i < 100; i++) {
            byte[] b = original.clone();
            int flips = 1 + random.nextInt(20);
            for (int f = 0; f < flips; f++) {
                b[24 + random.nextInt(b.length - 24)] = (byte) random.nextInt(256);
            }
            Files.write(mutated, i % 10 == 9 ? java.util.Arrays.copyOf(b, random.nextInt(b.length)) : b);
            Cli r = Cli.run("decrypt", mutated.toString(), "--key", dir.resolve("server-key.pem").toString(),
                    "--keylog", keyLog.toString());
            List<String> errors = r.err.lines().filter(l -> !l.startsWith("warning: ")).toList();
            assertTrue(r.exitCode == 0 && errors.isEmpty() || r.exitCode == 2 && errors.size() == 1
                    || r.exitCode == 1 && errors.size() == 1 && errors.get(0).contains(": none of the "),
                    "mutation " + i + ": " + r);
            assertTrue(!r.err.contains("internal error") && !r.err.contains("Exception"), "mutation " + i + ": " + r.err);
        }
    }

    /**
     * Issue 12: a day of captures. editcap (Wireshark's own splitter) cuts the capture into files of
     * 7 packets, so every connection spans several files; a folder of them, or the files named one
     * by one, decrypts exactly as the whole capture does.
     */
    @Test
    void severalFilesAndAFolderReadAsOneCapture() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("parts"));
        run(Peers.require("editcap"), "-c", "7", capture.toString(), parts.resolve("day.pcap").toString());
        List<Path> files;
        try (var list = Files.list(parts)) {
            files = list.sorted().toList();
        }
        assertTrue(files.size() > 10, files.toString());
        Files.writeString(parts.resolve("notes.txt"), "not a capture");
        String key = dir.resolve("server-key.pem").toString();
        Cli whole = Cli.run("decrypt", capture.toString(), "--key", key);
        Cli folder = Cli.run("decrypt", parts.toString(), "--key", key);
        assertEquals(0, folder.exitCode, folder.toString());
        assertEquals(whole.out, folder.out);
        assertEquals("warning: " + parts + ": skipped 1 file(s) that are not pcap or pcapng captures\n", folder.err);
        List<String> args = new ArrayList<>(List.of("decrypt", "--key", key));
        files.forEach(f -> args.add(f.toString()));
        Cli named = Cli.run(args.toArray(String[]::new));
        assertEquals(whole.out, named.out);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli none = Cli.run("decrypt", empty.toString());
        assertEquals(2, none.exitCode, none.toString());
        assertTrue(none.err.contains("folder " + empty + " holds no pcap or pcapng file"), none.err);
    }

    /**
     * Issue 15 section 3: decrypt's output on a full disk. RLIMIT_FSIZE (1 KiB) fails the write as
     * ENOSPC would, without root; the JVM ignores SIGXFSZ, so the write returns an error.
     */
    @Test
    void outputThatCannotBeWrittenIsOneLineNamingTheFile() throws Exception {
        Path out = dir.resolve("decrypted.txt");
        Process p = new ProcessBuilder(Peers.require("bash"), "-c", "ulimit -f 1 && exec \"$@\" > " + out, "ussl-lab",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.ussllab.tools.UsslLab",
                "decrypt", capture.toString(), "--key", dir.resolve("server-key.pem").toString()).start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("ussl-lab decrypt: cannot write the output to " + out.toRealPath() + ": "), err);
        assertEquals(1024, Files.size(out)); // everything up to the limit, nothing after
        assertTrue(Files.readString(out).startsWith("session 1: "));
    }

    /**
     * main() writes each session's bytes as they were rendered (BytePrintWriter) and starts loading
     * the provider and reading the key log from the raw arguments before picocli parses them
     * (EarlyStart): a fresh process must print, byte for byte, what the command prints in-process
     * through a plain PrintWriter, however the options are spelled.
     */
    @Test
    void mainPrintsByteForByteWhatTheCommandPrints() throws Exception {
        String key = dir.resolve("server-key.pem").toString();
        List<List<String>> options = List.of(List.of("--key", key), List.of("--keylog", keyLog.toString()),
                List.of("--key=" + key, "--json"), List.of("--json", "--keylog=" + keyLog, "--key", key),
                List.of("--keylog", keyLog.toString(), "--keylog", keyLog.toString(), "--threads", "1"),
                List.of("--no-capture-secrets", "--key", dir.resolve("other-key.pem").toString()));
        for (List<String> o : options) {
            List<String> args = new ArrayList<>(List.of("decrypt", capture.toString()));
            args.addAll(o);
            Cli inProcess = Cli.run(args.toArray(String[]::new));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.ussllab.tools.UsslLab"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(inProcess.exitCode, p.exitValue(), o.toString());
            assertEquals(inProcess.out, new String(out, java.nio.charset.Charset.defaultCharset()), o.toString());
            assertTrue(inProcess.out.contains(o.contains("--json") ? "\"records\":[{" : "session 1: "), inProcess.toString());
        }
    }

    @Test
    void nothingGivenOrWrongKeySaysWhy() {
        for (Session x : decrypt(1)) {
            assertTrue(!x.decrypted() && x.reason() != null, x.toString());
        }
        List<Session> s = decrypt(1, "--key", dir.resolve("other-key.pem").toString());
        assertEquals(SessionDecryptor.KEY_MISMATCH, s.get(0).reason());
        assertEquals(SessionDecryptor.KEY_MISMATCH, s.get(2).reason());
    }

    @Test
    void tsharkDecryptsTheSameBytes() throws Exception {
        String tshark = Peers.require("tshark");
        // tshark with openssl's key log: the plaintext of every application-data record, as hex.
        List<String> lines = run(tshark, "-r", capture.toString(), "-o", "tls.keylog_file:" + keyLog,
                "-Y", "tls.app_data", "-T", "fields", "-e", "data.data");
        TreeSet<String> theirs = new TreeSet<>();
        for (String l : lines) {
            for (String h : l.split(",")) {
                if (!h.isBlank()) {
                    theirs.add(h.trim());
                }
            }
        }
        TreeSet<String> ours = new TreeSet<>();
        for (Session s : decrypt("--keylog", keyLog.toString())) {
            for (String t : s.texts()) {
                ours.add(HexFormat.of().formatHex(t.substring(t.indexOf(' ') + 1).replace("\\n", "\n").getBytes()));
            }
        }
        assertEquals(theirs, ours);
        assertEquals(2, ours.size());
        long count = lines.stream().filter(l -> !l.isBlank()).count();
        // tshark decrypts the same records we do: two per session that the key log covers.
        assertEquals(2L * (SESSIONS.size() + 1), count);
    }

    static List<String> run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            return List.of(out.split("\n"));
        } finally {
            p.destroyForcibly();
        }
    }

    static byte[] read(Path p) throws Exception {
        return Files.readAllBytes(p);
    }
}
