package dev.ussllab.tools.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import dev.ussllab.tools.UsslLab;
import dev.ussllab.tools.decrypt.LoopbackCapture;
import dev.ussllab.tools.decrypt.Watched;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise for writing, on real `ussl-lab` processes: a session that completed is in
 * the file after SIGTERM (Ctrl-C's shutdown path), and a write that fails mid-run (RLIMIT_FSIZE:
 * the JVM ignores SIGXFSZ, so a write past `ulimit -f` fails with "File too large" exactly as a
 * full disk fails with ENOSPC, without root or a small file system) stops the command with a
 * one-line error, exit 1, and leaves a file that tshark and our reader read whole.
 */
class StopAndWriteFailureTest {

    /**
     * Room for one session, not two: a bc-default session through host --capture (TLS 1.3, with its
     * secrets block) is ~4.7 KiB of pcapng, a python-krsa session through the tap 3.8-4.4 KiB
     * (measured; it varies with how the reads were split into packets).
     */
    static final int ONE_SESSION_LIMIT_KIB = 6;
    /** The five TLS 1.3 key-log lines of one session are ~940 bytes. */
    static final int ONE_KEYLOG_LIMIT_KIB = 1;

    @TempDir
    Path dir;
    String key;
    String cert;

    @BeforeEach
    void keys() {
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        key = dir.resolve("key.pem").toString();
        cert = dir.resolve("cert.pem").toString();
    }

    @Test
    void hostCaptureKeepsTheCompletedSessionAfterSigterm() throws Exception {
        Path file = dir.resolve("host.pcapng");
        int port = LoopbackCapture.freePort();
        try (Watched host = ussl(0, "host", "--port", "" + port, "--key", key, "--cert", cert, "--capture", file.toString())) {
            host.await("Ctrl-C stops", 30);
            client(port, "bc-default", "before the signal");
            host.await(" ok (", 10);
            host.terminate();
            assertTrue(host.waitFor(20), "host did not stop");
            assertTrue(host.output().contains("1 session(s) captured in " + file), host.output());
            assertEquals(143, host.exitValue(), host.output());
        }
        // The secrets block is in the file: tshark decrypts with no options, and so do we.
        assertEquals(List.of("before the signal\n", "BEFORE THE SIGNAL"), tsharkPlaintext(file));
        Cli ours = Cli.run("decrypt", file.toString());
        assertEquals(0, ours.exitCode, ours.toString());
        assertTrue(ours.out.contains("text: before the signal\\n"), ours.out);
    }

    @Test
    void tapCaptureKeepsTheCompletedSessionAfterSigterm() throws Exception {
        Path file = dir.resolve("tap.pcapng");
        int tapPort = LoopbackCapture.freePort();
        try (UpperCaseServer server = UpperCaseServer.start(KeyMaterial.load(Path.of(key), Path.of(cert)), new HostOptions().port(0));
                Watched tap = ussl(0, "capture", "--listen", "127.0.0.1:" + tapPort,
                        "--forward", "127.0.0.1:" + server.address().getPort(), "--out", file.toString())) {
            tap.await("Ctrl-C stops", 30);
            client(tapPort, "python-krsa", "through the tap"); // the seed's Python client: RSA key exchange
            tap.await(" bytes down", 10);
            tap.terminate();
            assertTrue(tap.waitFor(20), "capture did not stop");
            assertEquals(143, tap.exitValue(), tap.output());
        }
        // No secrets in a tap capture: key.pem decrypts it, in tshark's RSA key list and in ours.
        assertEquals(List.of("through the tap\n", "THROUGH THE TAP"), tsharkPlaintext(file, "-o", "uat:rsa_keys:\"" + key + "\",\"\""));
        Cli ours = Cli.run("decrypt", file.toString(), "--key", key);
        assertEquals(0, ours.exitCode, ours.toString());
        assertTrue(ours.out.contains("text: through the tap\\n"), ours.out);
    }

    /**
     * Issue 15 section 3: `capture` stopped by Ctrl-C (SIGINT, exit 130) or SIGTERM (143) while a
     * client is still connected writes that session too, then prints its summary.
     */
    @Test
    void tapWritesTheSessionInFlightAtSigintAndSigterm() throws Exception {
        for (String signal : List.of("INT", "TERM")) {
            Path file = dir.resolve("inflight-" + signal + ".pcapng");
            int tapPort = LoopbackCapture.freePort();
            try (java.net.ServerSocket echo = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                    Watched tap = usslWithSigint("capture", "--listen", "127.0.0.1:" + tapPort,
                            "--forward", "127.0.0.1:" + echo.getLocalPort(), "--out", file.toString())) {
                Thread server = new Thread(() -> upperCaseEcho(echo), "echo");
                server.setDaemon(true);
                server.start();
                tap.await("Ctrl-C stops", 30);
                try (java.net.Socket client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), tapPort)) {
                    client.getOutputStream().write(("in flight at SIG" + signal + "\n").getBytes(StandardCharsets.US_ASCII));
                    var reply = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                            StandardCharsets.US_ASCII));
                    assertEquals("IN FLIGHT AT SIG" + signal, reply.readLine());
                    // still connected: the signal arrives mid-session
                    new ProcessBuilder("kill", "-" + signal, Long.toString(tap.pid())).start().waitFor();
                    assertTrue(tap.waitFor(20), "capture did not stop on SIG" + signal + ":\n" + tap.output());
                }
                assertEquals(signal.equals("INT") ? 130 : 143, tap.exitValue(), tap.output());
                assertTrue(tap.output().contains("cut when the capture was stopped"), tap.output());
                assertTrue(tap.output().contains("1 session(s) written to " + file), tap.output());
            }
            List<dev.ussllab.host.pcap.TcpConnection> conns = new ArrayList<>();
            try (var in = Files.newInputStream(file);
                    var r = dev.ussllab.host.pcap.PacketReader.open(in, file.toString())) {
                var re = new dev.ussllab.host.pcap.TcpReassembler(conns::add);
                for (var p = r.next(); p != null; p = r.next()) {
                    var seg = dev.ussllab.host.pcap.PacketDecoder.decode(p);
                    if (seg != null) {
                        re.add(seg);
                    }
                }
                re.finish();
                assertEquals(null, r.cutOff(), "the file ends in a whole block");
            }
            assertEquals(1, conns.size());
            StringBuilder both = new StringBuilder();
            conns.get(0).chunks().forEach(c -> both.append(new String(c.bytes(), StandardCharsets.US_ASCII)));
            assertEquals("in flight at SIG" + signal + "\nIN FLIGHT AT SIG" + signal + "\n", both.toString());
        }
    }

    /**
     * A child JVM that takes SIGINT as a terminal's Ctrl-C delivers it: a process started in the
     * background inherits SIGINT ignored (the JVM then installs no handler), so the default
     * disposition is restored before exec (Python can; a shell cannot undo an inherited ignore).
     */
    private static Watched usslWithSigint(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("python3"), "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), UsslLab.class.getName()));
        cmd.addAll(List.of(args));
        return new Watched(cmd);
    }

    /** Plain TCP: each line back upper-cased, the connection kept open until the client closes it. */
    private static void upperCaseEcho(java.net.ServerSocket listener) {
        try (java.net.Socket s = listener.accept()) {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                s.getOutputStream().write((line.toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (java.io.IOException closed) {
            // the test is over
        }
    }

    @Test
    void hostCaptureThatCannotBeWrittenStopsTheHostAndKeepsTheSessionsBefore() throws Exception {
        Path file = dir.resolve("full.pcapng");
        int port = LoopbackCapture.freePort();
        try (Watched host = ussl(ONE_SESSION_LIMIT_KIB, "host", "--port", "" + port, "--key", key, "--cert", cert,
                "--capture", file.toString())) {
            host.await("Ctrl-C stops", 30);
            client(port, "bc-default", "first");
            host.await(" ok (", 10);
            client(port, "bc-default", "second"); // served, but its capture does not fit
            assertTrue(host.waitFor(20), "the host kept serving with a capture it cannot write:\n" + host.output());
            assertEquals(1, host.exitValue(), host.output());
            assertTrue(host.output().contains("ussl-lab host: capture " + file + ": writing session 2 failed: File too large"
                    + " (free space or fix permissions; the 1 session(s) before it are in the file)"), host.output());
        }
        // -d: the port is random, and tshark takes some ports for other protocols (EtherCAT's 34980...)
        assertEquals(List.of("first\n", "FIRST"), tsharkPlaintext(file, "-d", "tcp.port==" + port + ",tls")); // whole: no half of session 2
        Cli ours = Cli.run("decrypt", file.toString());
        assertEquals(0, ours.exitCode, ours.toString());
        assertTrue(ours.out.contains("session 1:") && !ours.out.contains("session 2:"), ours.out);
    }

    @Test
    void tapCaptureThatCannotBeWrittenStopsTheTapAndKeepsTheSessionsBefore() throws Exception {
        Path file = dir.resolve("tapfull.pcapng");
        int tapPort = LoopbackCapture.freePort();
        int serverPort;
        try (UpperCaseServer server = UpperCaseServer.start(KeyMaterial.load(Path.of(key), Path.of(cert)), new HostOptions().port(0));
                Watched tap = ussl(ONE_SESSION_LIMIT_KIB, "capture", "--listen", "127.0.0.1:" + tapPort,
                        "--forward", "127.0.0.1:" + server.address().getPort(), "--out", file.toString())) {
            serverPort = server.address().getPort();
            tap.await("Ctrl-C stops", 30);
            client(tapPort, "python-krsa", "first");
            tap.await(" bytes down", 10);
            client(tapPort, "python-krsa", "second");
            assertTrue(tap.waitFor(20), "the tap kept relaying with a capture it cannot write:\n" + tap.output());
            assertEquals(1, tap.exitValue(), tap.output());
            assertTrue(tap.output().contains("ussl-lab capture: capture " + file + ": writing session 2 failed: File too large"),
                    tap.output());
        }
        // -d: the capture holds the client and the server's random port, and tshark takes some ports
        // for other protocols (EtherCAT's 34980...): it then decrypted nothing, once in CI
        assertEquals(List.of("first\n", "FIRST"), tsharkPlaintext(file, "-o", "uat:rsa_keys:\"" + key + "\",\"\"",
                "-d", "tcp.port==" + serverPort + ",tls"));
    }

    @Test
    void keyLogThatCannotBeWrittenStopsTheHostWithoutBreakingTheSessionOrLeavingHalfALine() throws Exception {
        Path log = dir.resolve("keys.log");
        int port = LoopbackCapture.freePort();
        try (Watched host = ussl(ONE_KEYLOG_LIMIT_KIB, "host", "--port", "" + port, "--key", key, "--cert", cert,
                "--keylog", log.toString())) {
            host.await("Ctrl-C stops", 30);
            client(port, "bc-default", "first");
            host.await(" ok (", 10);
            client(port, "bc-default", "second"); // its secrets do not fit, the session itself completes
            assertTrue(host.waitFor(20), "the host kept serving with a key log it cannot write:\n" + host.output());
            assertEquals(1, host.exitValue(), host.output());
            assertTrue(host.output().contains("ussl-lab host: cannot write key log " + log + ": File too large"), host.output());
        }
        String text = Files.readString(log, StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\n"), "half a line left behind: " + text);
        assertTrue(text.lines().allMatch(l -> l.matches("[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+")), text);
    }

    /** client and device: the exchange completes, then the lost secrets are the error (exit 1), not a silence. */
    @Test
    void clientAndDeviceReportAKeyLogTheyCouldNotWrite() {
        try (UpperCaseServer server = UpperCaseServer.start(KeyMaterial.load(Path.of(key), Path.of(cert)), new HostOptions().port(0))) {
            String port = "" + server.address().getPort();
            for (String[] command : List.of(new String[] {"client", "--profile", "bc-default", "--cafile", cert},
                    new String[] {"device"})) {
                List<String> args = new ArrayList<>(List.of(command));
                args.addAll(List.of("--port", port, "--keylog", "/dev/full"));
                Cli r = Cli.run(args.toArray(String[]::new));
                assertEquals(1, r.exitCode, r.toString());
                assertTrue(r.out.contains("HELLO PYTHON TLS/SSL SERVER!"), r.toString()); // the session was not aborted
                assertTrue(r.err.startsWith("ussl-lab " + command[0] + ": cannot write key log /dev/full: No space left on device"
                        + " (free space or fix permissions"), r.err);
                assertEquals(1, r.err.lines().count(), r.err);
            }
        }
    }

    /** `java -cp <test classpath> UsslLab args`, under `ulimit -f` when limitKib is positive. */
    private static Watched ussl(int limitKib, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (limitKib > 0) {
            cmd.addAll(List.of(Peers.require("bash"), "-c", "ulimit -f " + limitKib + " && exec \"$@\"", "ussl-lab"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), UsslLab.class.getName()));
        cmd.addAll(List.of(args));
        return new Watched(cmd);
    }

    private void client(int port, String profile, String message) {
        Cli c = Cli.run("client", "--port", "" + port, "--cafile", cert, "--profile", profile, "--message", message);
        assertEquals(0, c.exitCode, c.toString());
    }

    /** The application data tshark decrypts from the file; fails unless tshark reads it without error. */
    private static List<String> tsharkPlaintext(Path file, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("tshark"), "-r", file.toString()));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-Y", "tls.app_data", "-T", "fields", "-e", "data.data"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> plain = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank())
                    .map(l -> new String(HexFormat.of().parseHex(l.trim()), StandardCharsets.ISO_8859_1)).toList();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "tshark could not read " + file + " whole");
            assertFalse(plain.isEmpty(), "tshark decrypted nothing in " + file);
            return plain;
        } finally {
            p.destroyForcibly();
        }
    }
}
