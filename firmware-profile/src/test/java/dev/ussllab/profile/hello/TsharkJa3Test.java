package dev.ussllab.profile.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.testsupport.Peers;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our parse and JA3 of real hellos (openssl s_client, python3 ssl, the ESP8266 golden bytes, and
 * FoxIO's JA4 example hello with GREASE values)
 * against tshark's own ja3_full/ja3 fields for the same packets, captured with tcpdump on loopback.
 * This tshark (4.0) has no JA4 field; JA4 is checked against the spec's examples instead.
 */
class TsharkJa3Test {

    private static final int TIMEOUT_MS = 10_000;
    /** After the last client, so the kernel hands tcpdump the last packets before it stops. */
    private static final int CAPTURE_SETTLE_MS = 300;

    @TempDir
    Path dir;

    @Test
    void ja3EqualsTsharksForRealClients() throws Exception {
        String tcpdump = Peers.require("tcpdump");
        String tshark = Peers.require("tshark");
        String openssl = Peers.require("openssl");
        String python = Peers.require("python3");
        Map<Integer, ClientHello> seen = new ConcurrentHashMap<>();
        Path pcap = dir.resolve("hello.pcap");
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(TIMEOUT_MS);
            int port = server.getLocalPort();
            Thread acceptor = new Thread(() -> acceptAll(server, seen), "hello-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            Process dump = new ProcessBuilder(tcpdump, "-i", "lo", "-n", "-U", "--immediate-mode",
                    "-w", pcap.toString(), "tcp port " + port).redirectOutput(new File("/dev/null")).start();
            try {
                awaitListening(dump);
                run(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-servername", "example.com",
                        "-alpn", "h2,http/1.1");
                run(python, "-c", "import socket,ssl\n"
                        + "c=ssl.create_default_context(); c.check_hostname=False; c.verify_mode=ssl.CERT_NONE\n"
                        + "s=socket.create_connection(('127.0.0.1'," + port + "),5)\n"
                        + "try: c.wrap_socket(s, server_hostname='localhost')\n"
                        + "except (ssl.SSLError, OSError): pass\n");
                // our golden bytes too: the ESP8266's, and FoxIO's example with GREASE everywhere
                for (byte[] hello : List.of(Hellos.ESP8266_SNI, ClientHelloEncoder.record(FingerprintTest.foxioExample()))) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        s.setSoTimeout(TIMEOUT_MS);
                        OutputStream out = s.getOutputStream();
                        out.write(hello);
                        out.flush();
                        s.getInputStream().read(); // the acceptor closes once it has the hello
                    }
                }
                Thread.sleep(CAPTURE_SETTLE_MS);
            } finally {
                dump.destroy(); // SIGTERM: tcpdump flushes and closes the file
                if (!dump.waitFor(5, TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                }
            }
            List<String> lines = tsharkFields(tshark, pcap, port);
            assertEquals(4, lines.size(), "four ClientHellos in the capture: " + lines);
            assertEquals(4, seen.size(), "four ClientHellos read by our reader");
            for (String line : lines) {
                String[] f = line.split("\t", -1);
                ClientHello ours = seen.get(Integer.parseInt(f[0]));
                assertTrue(ours != null, "tshark saw a hello from port " + f[0] + " that we did not");
                Ja3 ja3 = Ja3.of(ours);
                assertEquals(f[1], ja3.text(), "ja3_full from port " + f[0]);
                assertEquals(f[2], ja3.md5(), "ja3 from port " + f[0]);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("\t771,47-60-53-61,13-0,,\t")));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\t771,4865-4866-4867-49195-")), "GREASE dropped: " + lines);
        }
    }

    private static void acceptAll(ServerSocket server, Map<Integer, ClientHello> seen) {
        try {
            while (seen.size() < 4) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(TIMEOUT_MS);
                    seen.put(s.getPort(), ClientHelloReader.read(s.getInputStream()).hello());
                }
            }
        } catch (IOException e) {
            // the test's own assertions report what is missing
        }
    }

    private static void awaitListening(Process dump) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(dump.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) { // tcpdump says so on stderr once the filter is set
            if (line.contains("listening on")) {
                return;
            }
        }
        throw new IOException("tcpdump exited before capturing (exit " + dump.exitValue() + ")");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).redirectInput(new File("/dev/null")).start();
        try {
            assertTrue(p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS), command[0] + " did not finish");
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String> tsharkFields(String tshark, Path pcap, int port) throws Exception {
        Path out = pcap.resolveSibling("fields.txt");
        Process p = new ProcessBuilder(tshark, "-r", pcap.toString(), "-d", "tcp.port==" + port + ",tls",
                "-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "tcp.srcport",
                "-e", "tls.handshake.ja3_full", "-e", "tls.handshake.ja3")
                .redirectOutput(out.toFile()).redirectError(new File("/dev/null")).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tshark did not finish");
        } finally {
            p.destroyForcibly();
        }
        return Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
    }
}
