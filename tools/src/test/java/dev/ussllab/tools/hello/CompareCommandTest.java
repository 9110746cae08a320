package dev.ussllab.tools.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.device.tls.ServerTarget;
import dev.ussllab.host.hello.HelloListener;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloParser;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.Peers;
import dev.ussllab.tools.Cli;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    /**
     * The ESP8266 hello typed in from shared/reference/esp8266-ussl-profile.md (random: 42 s
     * uptime, then 01..1c), with and without server_name "example.com".
     */
    private static final String ESP8266 = "1603030043 0100003f 0303 0000002a"
            + " 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c 00 0008002f003c0035003d 0100"
            + " 000e 000d000a00080601050104010201";
    private static final String ESP8266_SNI = "1603030057 01000053 0303 0000002a"
            + " 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c 00 0008002f003c0035003d 0100"
            + " 0022 000d000a00080601050104010201 00000010000e00000b6578616d706c652e636f6d";

    @TempDir
    Path dir;

    @Test
    void theReferenceHelloMatchesTheEmulator() {
        Cli r = Cli.run("compare", "--check", "esp8266-micropython", "--hex", ESP8266, "--hex", ESP8266_SNI);
        assertEquals(0, r.exitCode, r.toString());
        assertEquals(2, r.out.lines().filter(l -> l.startsWith("MATCH hex#")).count(), r.out);
    }

    @Test
    void aDifferentHelloNamesEachDifferingField() {
        // the reference hello with AES256-SHA256 moved first and the record version 0x0301
        String changed = ESP8266.replace("1603030043", "1603010043").replace("0008002f003c0035003d", "0008003d002f003c0035");
        Cli r = Cli.run("compare", "--check", "esp8266-micropython", "--hex", changed);
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("DIFFERS hex#1"), r.out);
        assertTrue(r.out.contains("record version: expected 0x0303, found 0x0301"), r.out);
        assertTrue(r.out.contains("cipher suites: expected 0x002f 0x003c 0x0035 0x003d, found 0x003d 0x002f"), r.out);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("1 of 1 hello differs from esp8266-micropython"), r.err);
    }

    @Test
    void checksEveryHelloInARealCapture() throws Exception {
        String python = Peers.require("python3");
        Path pcap = dir.resolve("board.pcap");
        try (HelloListener l = HelloListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            int port = l.address().getPort();
            Thread serving = new Thread(() -> l.serve(2, e -> { }));
            serving.setDaemon(true);
            serving.start();
            try (LoopbackCapture cap = new LoopbackCapture(port, pcap)) {
                SeedExchange.run(Profiles.esp8266(), new ServerTarget("127.0.0.1", port, "board.local",
                        Duration.ofSeconds(10)), "hi", null, KeyLogSink.NONE);
                Process p = new ProcessBuilder(python, "-c", "import socket,ssl\n"
                        + "s=socket.create_connection(('127.0.0.1'," + port + "),5)\n"
                        + "try: ssl.create_default_context().wrap_socket(s, server_hostname='x.test')\n"
                        + "except ssl.SSLError: pass\n").redirectErrorStream(true)
                        .redirectOutput(new File("/dev/null")).start();
                assertTrue(p.waitFor(15, TimeUnit.SECONDS));
            }
            serving.join(10_000);
        }
        Cli r = Cli.run("compare", "--check", "esp8266-micropython", "--from", pcap.toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.matches("(?s)MATCH board\\.pcap 127\\.0\\.0\\.1:\\d+ = esp8266-micropython.*"), r.out);
        assertTrue(r.out.contains("DIFFERS board.pcap"), r.out);
        assertTrue(r.err.contains("1 of 2 hellos differ"), r.err);

        // the same packets as pcapng (editcap from Wireshark converts): the same verdicts
        Path pcapng = dir.resolve("board.pcapng");
        Process convert = new ProcessBuilder(Peers.require("editcap"), "-F", "pcapng", pcap.toString(), pcapng.toString())
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        assertTrue(convert.waitFor(15, TimeUnit.SECONDS) && convert.exitValue() == 0);
        Cli ng = Cli.run("compare", "--check", "esp8266-micropython", "--from", pcapng.toString());
        assertEquals(1, ng.exitCode, ng.toString());
        assertTrue(ng.out.startsWith("MATCH board.pcapng 127.0.0.1:"), ng.out);

        Cli table = Cli.run("compare", "--from", pcap.toString());
        assertEquals(0, table.exitCode, table.toString());
        assertTrue(table.out.contains("capture board.pcap #1") && table.out.contains("(replayed)"), table.out);
    }

    @Test
    void textAndJson() throws Exception {
        Cli text = Cli.run("compare", "--hex", ESP8266_SNI);
        assertEquals(0, text.exitCode, text.toString());
        // The default fits a 100-column terminal: the six columns come as panels, each headed by
        // a line of client names (the only lines that start with blanks and hold no field name).
        assertTrue(text.out.lines().allMatch(l -> l.length() <= 100), text.out);
        List<String> columns = new ArrayList<>(Profiles.names());
        columns.add("hex#1");
        List<String> headers = text.out.lines()
                .filter(l -> l.startsWith(" ") && !l.isBlank() && columns.contains(l.strip().split(" +")[0])).toList();
        String header = String.join(" ", headers);
        for (String name : Profiles.names()) {
            assertTrue(header.contains(name), header);
        }
        assertTrue(header.contains("hex#1"), header);
        assertTrue(headers.size() > 1, text.out);
        // --width 0: one panel, all six names on the first line.
        Cli wide = Cli.run("compare", "--width", "0", "--hex", ESP8266_SNI);
        assertEquals(0, wide.exitCode, wide.toString());
        String first = wide.out.lines().findFirst().orElseThrow();
        assertTrue(Profiles.names().stream().allMatch(first::contains) && first.contains("hex#1"), first);
        assertTrue(wide.out.lines().anyMatch(l -> l.length() > 100), wide.out);
        assertTrue(text.out.contains("host krsa") && text.out.contains("decryptable with key.pem"), text.out);
        assertTrue(text.out.contains("AES128-SHA [RSA]"), text.out);
        assertTrue(text.out.contains("example.com"), text.out);

        Cli json = Cli.run("compare", "--json");
        assertEquals(0, json.exitCode);
        Path f = dir.resolve("compare.json");
        Files.writeString(f, json.out);
        // Real peer: Python's json module parses it and finds the fields.
        Process p = new ProcessBuilder(Peers.require("python3"), "-c", "import json,sys\n"
                + "d=json.load(open(sys.argv[1]))\n"
                + "h={x['name']:x for x in d['hellos']}\n"
                + "print(h['esp8266-micropython']['ja3'], h['java-default']['host']['compat']['protocol'])\n",
                f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        assertEquals("771,47-60-53-61,13,, TLSv1.3", out.strip());
    }

    @Test
    void aServerNameWithControlBytesStaysOnItsRow() {
        // ESP8266_SNI with "example.com" replaced by the 11 bytes e x " m LF l e | c o m
        String hello = ESP8266_SNI.replace("6578616d706c652e636f6d", "6578226d0a6c657c636f6d");
        Cli text = Cli.run("compare", "--hex", hello);
        assertEquals(0, text.exitCode, text.toString());
        assertTrue(text.out.lines().anyMatch(l -> l.startsWith("SNI ") && l.endsWith("ex\"m\\x0ale|com")), text.out);
        assertTrue(text.out.lines().noneMatch(l -> l.startsWith("le|com")), text.out);
        Cli md = Cli.run("compare", "--markdown", "--hex", hello);
        assertTrue(md.out.lines().anyMatch(l -> l.startsWith("| SNI |") && l.endsWith("| ex\"m\\x0ale\\|com |")), md.out);
    }

    @Test
    void markdownIsATableWithOneRowPerField() {
        ClientHello h = ClientHelloParser.parse(HexFormat.of().parseHex(ESP8266_SNI.replace(" ", "")));
        HelloColumn.Outcome refused = new HelloColumn.Outcome(null, -1, "no | shared suite", true);
        HelloColumn.Outcome rsa = new HelloColumn.Outcome("TLSv1.2", 0x002f, null, true);
        Map<String, HelloColumn.Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put("krsa", rsa);
        outcomes.put("compat", rsa);
        outcomes.put("modern", refused);
        HelloColumn c = new HelloColumn("board", "--hex", h, outcomes);
        List<String> md = ComparisonTable.markdown(List.of(c)).lines().toList();
        assertEquals("| field | board |", md.get(0));
        assertEquals("|---|---|", md.get(1));
        assertTrue(md.contains("| cipher suites | AES128-SHA [RSA]<br>AES128-SHA256 [RSA]<br>AES256-SHA [RSA]<br>"
                + "AES256-SHA256 [RSA] |"), md.toString());
        assertTrue(md.contains("| host modern | refused: no \\| shared suite |"), md.toString());
        assertTrue(md.contains("| decryptable with key.pem | yes under krsa, compat |"), md.toString());
        assertEquals(2 + ComparisonTable.rows(List.of(c)).size(), md.size());
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws Exception {
        assertBad(Cli.run("compare", "--hex", "16zz"), "--hex #1 is not hex");
        assertBad(Cli.run("compare", "--hex", "16030300100100"), "--hex #1: malformed ClientHello");
        assertBad(Cli.run("compare", "--from", dir.resolve("missing.pcap").toString()), "does not exist");
        Path text = Files.writeString(dir.resolve("notes.pcap"), "not a capture at all");
        assertBad(Cli.run("compare", "--from", text.toString()), "not a pcap or pcapng file");
        assertBad(Cli.run("compare", "--check", "esp32", "--hex", ESP8266), "unknown profile 'esp32'");
        assertBad(Cli.run("compare", "--check", "esp8266-micropython"), "needs a hello to check");
        assertBad(Cli.run("compare", "--width", "-1"), "--width -1 is negative");
        Cli both = Cli.run("compare", "--json", "--markdown");
        assertEquals(2, both.exitCode, both.toString());
    }

    private static void assertBad(Cli r, String text) {
        assertEquals(2, r.exitCode, r.toString());
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains(text), r.err);
    }
}
