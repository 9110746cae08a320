package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.HostOptions;
import dev.ussllab.host.UpperCaseServer;
import dev.ussllab.host.keys.KeyMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ussl-lab fleet against our own host: what the host sees, what fleet prints, exit codes. */
class FleetCommandTest {

    @TempDir
    Path dir;

    @Test
    void boardsExchangeWithTheHostAndTheJsonHasTheFigures() throws Exception {
        assertEquals(0, Cli.run("keygen", "--out-dir", dir.toString()).exitCode);
        List<ConnectionRecord> seen = new CopyOnWriteArrayList<>();
        HostOptions opts = new HostOptions().port(0).policy(CipherPolicy.KRSA).listener(seen::add);
        try (UpperCaseServer host = UpperCaseServer.start(KeyMaterial.load(dir.resolve("key.pem"), dir.resolve("cert.pem")), opts)) {
            Cli r = Cli.run("fleet", "--port", String.valueOf(host.port()), "--boards", "3", "--handshakes", "6",
                    "--message", "hi fleet", "--timeout", "30", "--json");
            assertEquals(0, r.exitCode, r.toString());
            String json = r.out.trim();
            assertTrue(json.startsWith("{") && json.endsWith("}") && r.out.lines().count() == 1, r.out);
            for (String field : new String[] {"\"boards\": 3", "\"handshakes\": 6", "\"handshakes_per_second\": ",
                    "\"latency_ms\": {\"p50\": ", "\"p90\": ", "\"p99\": ", "\"max\": ", "\"failures\": {}",
                    "\"threads\": ", "\"cpu_seconds\": ", "\"cpu_ms_per_handshake\": "}) {
                assertTrue(json.contains(field), field + " in " + json);
            }
            Thread.sleep(200); // the host's records follow its close by a moment
            assertEquals(6, seen.size(), seen.toString());
            for (ConnectionRecord c : seen) {
                assertTrue(c.ok(), c.logLine());
                assertEquals("hi fleet", new String(c.received(), StandardCharsets.UTF_8));
                assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", c.cipherSuiteName(), "the board's first suite, as device gets");
            }
            Cli text = Cli.run("fleet", "--port", String.valueOf(host.port()), "--boards", "2", "--handshakes", "2", "--timeout", "30");
            assertEquals(0, text.exitCode, text.toString());
            assertTrue(text.out.contains("2 boards against 127.0.0.1:" + host.port() + ", closed loop, "), text.out);
            assertTrue(text.out.contains(": 2 handshakes (") && text.out.contains("latency ms: p50 "), text.out);
        }
    }

    @Test
    void failuresAreCountedByTheBoardsErrorAndExitOne() throws Exception {
        int port = HostCommandTest.freePort(); // nothing listens there
        Cli r = Cli.run("fleet", "--port", String.valueOf(port), "--boards", "2", "--handshakes", "3");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("failures: 3 x OSError: [Errno 104] ECONNRESET"), r.out);
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        expect("--boards 0 is out of range", "--boards", "0");
        expect("--rate fast is not a rate", "--boards", "1", "--rate", "fast");
        expect("--hold must not be negative", "--boards", "1", "--hold", "-1");
        expect("Missing required option: '--boards=N'");
        expect("--port 0 is not a TCP port", "--boards", "1", "--port", "0");
        expect("--threads 999 is out of range", "--boards", "1", "--threads", "999");
    }

    @Test
    void rateAndMessageSpellings() {
        assertEquals(500.0, FleetCommand.parseRate("500/s"));
        assertEquals(2.5, FleetCommand.parseRate("2.5"));
        assertEquals("GET / HTTP/1.0\r\n", FleetCommand.unescape("GET / HTTP/1.0\\r\\n"));
        assertEquals("a\\b", FleetCommand.unescape("a\\\\b"));
    }

    private static void expect(String fragment, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "fleet";
        System.arraycopy(args, 0, full, 1, args.length);
        Cli r = Cli.run(full);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("ussl-lab fleet: ") && r.err.contains(fragment), r.err);
        assertTrue(r.err.lines().count() <= 2, r.err);
    }
}
