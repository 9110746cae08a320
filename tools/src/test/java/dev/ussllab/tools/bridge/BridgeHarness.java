package dev.ussllab.tools.bridge;

import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.EmulatedEsp8266;
import dev.ussllab.device.tls.UsslSocket;
import dev.ussllab.host.bridge.Bridge;
import dev.ussllab.host.bridge.BridgeOptions;
import dev.ussllab.host.bridge.SessionRecord;
import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.host.keys.PemFiles;
import dev.ussllab.host.keys.SelfSignedCertificate;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bridge in this JVM in front of a real server, and the emulated ESP8266 that talks through it. */
final class BridgeHarness implements AutoCloseable {

    /** The board's own socket timeout (what usocket.settimeout would be). */
    static final int BOARD_TIMEOUT_MS = 10_000;

    final Bridge bridge;
    final BlockingQueue<SessionRecord> records = new LinkedBlockingQueue<>();

    private BridgeHarness(Bridge bridge) {
        this.bridge = bridge;
    }

    /**
     * Python's ssl as the server behind the bridge, one thread per connection: a 5-byte mode
     * first; "echo:" echoes every read, any other mode counts the bytes; at EOF (a ragged one is
     * fine: suppress_ragged_eofs) it sends "got N" and closes. It prints its port first.
     */
    private static final String UPSTREAM = """
            import socket, ssl, sys, threading
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(sys.argv[1], sys.argv[2])
            srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(16)
            print(srv.getsockname()[1], flush=True)
            def serve(conn):
                try:
                    s = ctx.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError):
                    return  # the bridge's start-up check connects and closes without TLS
                mode = s.recv(5)
                n = 0
                while True:
                    b = s.recv(262144)
                    if not b:
                        break
                    n += len(b)
                    if mode == b"echo:":
                        s.sendall(b)
                s.sendall(b"got %d" % n)
                s.close()
            while True:
                c, _ = srv.accept()
                threading.Thread(target=serve, args=(c,), daemon=True).start()
            """;

    /** The Python upstream (see {@link #UPSTREAM}) on a free loopback port, with dir's key.pem and cert.pem. */
    record Upstream(Process process, int port) implements AutoCloseable {

        static Upstream start(Path dir, String python) throws java.io.IOException {
            Path script = dir.resolve("upstream.py");
            java.nio.file.Files.writeString(script, UPSTREAM);
            Process p = new ProcessBuilder(python, script.toString(), dir.resolve("cert.pem").toString(),
                    dir.resolve("key.pem").toString()).redirectErrorStream(true).start();
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            if (first == null) {
                p.destroy();
                throw new AssertionError("the python upstream did not start");
            }
            return new Upstream(p, Integer.parseInt(first.trim()));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The board-side key and certificate, as `ussl-lab keygen` writes them. */
    static KeyMaterial boardKeys(Path dir) {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        if (!key.toFile().exists()) {
            PemFiles.write(SelfSignedCertificate.builder().build(), key, cert, false);
        }
        return KeyMaterial.load(key, cert);
    }

    static BridgeHarness start(Path dir, int upstreamPort, UpstreamTrust trust, KeyMaterial clientKeys) {
        return start(dir, upstreamPort, trust, clientKeys, null);
    }

    static BridgeHarness start(Path dir, int upstreamPort, UpstreamTrust trust, KeyMaterial clientKeys,
            dev.ussllab.host.capture.CaptureFile capture) {
        return start(dir, upstreamPort, trust, clientKeys, capture, BridgeOptions.DEFAULT_IDLE);
    }

    static BridgeHarness start(Path dir, int upstreamPort, UpstreamTrust trust, KeyMaterial clientKeys,
            dev.ussllab.host.capture.CaptureFile capture, java.time.Duration idle) {
        BlockingQueue<SessionRecord> q = new LinkedBlockingQueue<>();
        BridgeOptions o = new BridgeOptions()
                .idle(idle)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .upstream("localhost", new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort))
                .trust(trust)
                .boardKeys(boardKeys(dir))
                .clientKeys(clientKeys)
                .capture(capture)
                .listener(q::add);
        BridgeHarness h = new BridgeHarness(Bridge.start(o));
        h.records.addAll(q);
        o.listener(h.records::add);
        return h;
    }

    int port() {
        return bridge.address().getPort();
    }

    SessionRecord nextRecord() throws InterruptedException {
        SessionRecord r = records.poll(20, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the bridge logged no session within 20 s");
        }
        return r;
    }

    /** The emulated board: connect, ssl.wrap_socket(sock) (no key, no cert, no server_hostname). */
    static UsslSocket board(int port) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BOARD_TIMEOUT_MS);
        s.setSoTimeout(BOARD_TIMEOUT_MS);
        return new EmulatedEsp8266(Profiles.esp8266(), KeyLogSink.NONE).wrap(s, null);
    }

    /** What the board reads until the server closes (read(1024) until it returns nothing). */
    static byte[] readAll(UsslSocket s) throws AxtlsException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte[] b = s.read(1024);
            if (b.length == 0) {
                return out.toByteArray();
            }
            out.writeBytes(b);
        }
    }

    @Override
    public void close() {
        bridge.close();
    }
}
