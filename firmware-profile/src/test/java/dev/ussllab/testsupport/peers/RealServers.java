package dev.ussllab.testsupport.peers;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real, unmodified servers the board meets in the field, started on 127.0.0.1 by a test from
 * Debian's packages (nginx, mosquitto, stunnel4; openssl and python3 too). Each gets certificates
 * from one test CA made by the real openssl (see {@link TestCa}), a free port, its own folder.
 * A missing program skips the test locally and fails it in CI ({@link Peers#require}).
 */
public final class RealServers {

    private RealServers() {}

    /** How long a server may take to accept its first connection. */
    private static final long READY_MS = 15_000;

    /** nginx TLS configurations, as people deploy them. */
    public enum Nginx {
        /** nginx 1.22's own defaults: ssl_protocols TLSv1..TLSv1.3, ssl_ciphers HIGH:!aNULL:!MD5 (kRSA AES included). */
        DEFAULT("", TestCa.Leaf.RSA),
        /** Mozilla's "intermediate" configuration (ssl-config.mozilla.org, guideline 5.7): forward secret AEAD only. */
        INTERMEDIATE("""
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305;
                ssl_prefer_server_ciphers off;
                """, TestCa.Leaf.RSA),
        /** Mozilla's "old" configuration (guideline 5.7): still lists AES128-SHA and friends last. */
        OLD("""
                ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
                ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA;
                ssl_prefer_server_ciphers on;
                """, TestCa.Leaf.RSA),
        /** Exactly the board's four suites, TLS 1.2: "nginx with kRSA allowed". */
        KRSA("""
                ssl_protocols TLSv1.2;
                ssl_ciphers AES128-SHA:AES256-SHA:AES128-SHA256:AES256-SHA256;
                """, TestCa.Leaf.RSA),
        /** nginx defaults with an ECDSA P-256 certificate. */
        ECDSA("", TestCa.Leaf.ECDSA),
        /** nginx defaults with a four-certificate RSA 4096 chain: a Certificate message beyond the board's buffer. */
        LONG_CHAIN("", TestCa.Leaf.RSA_LONG_CHAIN);

        private final String tls;
        private final TestCa.Leaf leaf;

        Nginx(String tls, TestCa.Leaf leaf) {
            this.tls = tls;
            this.leaf = leaf;
        }
    }

    /**
     * nginx serving HTTPS: GET / answers "hello from nginx\n"; GET /json {"ok": true, "server": "nginx"};
     * POST /post {"method": "POST", "length": N} (N the request's Content-Length).
     */
    public static RealServer nginx(Path dir, Nginx config) throws Exception {
        String nginx = require("nginx");
        TestCa ca = TestCa.get();
        TestCa.ServerFiles files = ca.server(config.leaf);
        int port = freePort();
        Path root = dir.toAbsolutePath();
        String conf = (isRoot() ? "user root;\n" : "") + """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 1024; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                  server {
                    listen 127.0.0.1:%2$d ssl;
                    server_name localhost;
                    ssl_certificate %3$s;
                    ssl_certificate_key %4$s;
                %5$s
                    location = / { default_type text/plain; return 200 "hello from nginx\\n"; }
                    location = /json { default_type application/json; return 200 '{"ok": true, "server": "nginx"}'; }
                    location = /post { default_type application/json; return 200 '{"method": "$request_method", "length": $content_length}'; }
                  }
                }
                """.formatted(root, port, files.chain(), files.key(), config.tls.indent(4));
        Path confFile = root.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        PeerProcess p = PeerProcess.start(root, List.of(nginx, "-p", root.toString(), "-c", confFile.toString(),
                "-g", "daemon off;"));
        return ready("nginx-" + config.name().toLowerCase().replace('_', '-'), p, port, root, ca, files);
    }

    /** mosquitto 2 with one TLS listener (allow_anonymous true); requireCertificate asks for and verifies a client certificate. */
    public static RealServer mosquitto(Path dir, boolean requireCertificate) throws Exception {
        String mosquitto = require("mosquitto");
        TestCa ca = TestCa.get();
        TestCa.ServerFiles files = ca.server(TestCa.Leaf.RSA);
        int port = freePort();
        Path root = dir.toAbsolutePath();
        String conf = (isRoot() ? "user root\n" : "") + """
                per_listener_settings false
                allow_anonymous true
                log_dest stdout
                log_type all
                persistence false
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate %s
                """.formatted(port, ca.caCert(), files.chain(), files.key(), requireCertificate);
        Path confFile = root.resolve("mosquitto.conf");
        Files.writeString(confFile, conf);
        PeerProcess p = PeerProcess.start(root, List.of(mosquitto, "-c", confFile.toString()));
        return ready(requireCertificate ? "mosquitto-require-certificate" : "mosquitto", p, port, root, ca, files);
    }

    /** stunnel4 in front of a plain TCP service on 127.0.0.1:plainForwardPort, with its default TLS settings. */
    public static RealServer stunnel(Path dir, int plainForwardPort) throws Exception {
        String stunnel = require("stunnel4");
        TestCa ca = TestCa.get();
        TestCa.ServerFiles files = ca.server(TestCa.Leaf.RSA);
        int port = freePort();
        Path root = dir.toAbsolutePath();
        String conf = """
                foreground = yes
                pid =
                output = %s/stunnel.log
                debug = 5
                [board]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(root, port, plainForwardPort, files.chain(), files.key());
        Path confFile = root.resolve("stunnel.conf");
        Files.writeString(confFile, conf);
        PeerProcess p = PeerProcess.start(root, List.of(stunnel, confFile.toString()));
        return ready("stunnel4", p, port, root, ca, files);
    }

    /**
     * {@code openssl s_server -accept 127.0.0.1:PORT -cert -key -CAfile ca} plus extraArgs
     * (e.g. "-cipher", "kRSA" or "-Verify", "1"). Without -www/-rev it prints what it receives
     * and sends nothing back.
     */
    public static RealServer opensslServer(Path dir, String... extraArgs) throws Exception {
        String openssl = require("openssl");
        TestCa ca = TestCa.get();
        TestCa.ServerFiles files = ca.server(TestCa.Leaf.RSA);
        int port = freePort();
        Path root = dir.toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", files.leaf().toString(), "-key", files.key().toString(),
                "-CAfile", ca.caCert().toString()));
        cmd.addAll(List.of(extraArgs));
        PeerProcess p = PeerProcess.start(root, cmd);
        String name = "openssl-s_server" + (extraArgs.length == 0 ? "" : " " + String.join(" ", extraArgs));
        return ready(name, p, port, root, ca, files);
    }

    /** The seed's Python server with Python's default server context, on python3 first on PATH. */
    public static RealServer pythonDefault(Path dir) throws Exception {
        return python(dir, Peers.require("python3"), false);
    }

    /**
     * The seed's upper-case server (resource peers/seed_server.py) with Python's default server
     * context on the given interpreter (e.g. /usr/bin/python3, Debian's, or python3 on PATH);
     * requireClientCert makes it ask for a certificate signed by the test CA (CERT_REQUIRED).
     */
    public static RealServer python(Path dir, String python, boolean requireClientCert) throws Exception {
        if (!Files.isExecutable(Path.of(python))) {
            Peers.require(Path.of(python).getFileName().toString());
        }
        TestCa ca = TestCa.get();
        TestCa.ServerFiles files = ca.server(TestCa.Leaf.RSA);
        int port = freePort();
        Path root = dir.toAbsolutePath();
        Path script = root.resolve("seed_server.py");
        try (var in = RealServers.class.getResourceAsStream("/peers/seed_server.py")) {
            if (in == null) {
                throw new IOException("test resource /peers/seed_server.py is missing");
            }
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(python, "-u", script.toString(), Integer.toString(port),
                files.leaf().toString(), files.key().toString()));
        if (requireClientCert) {
            cmd.addAll(List.of("--verify", ca.caCert().toString()));
        }
        PeerProcess p = PeerProcess.start(root, cmd);
        String name = "python-default " + python + (requireClientCert ? " CERT_REQUIRED" : "");
        return ready(name, p, port, root, ca, files);
    }

    /** The path of a program, looking in the sbin folders too (nginx and mosquitto live there). */
    static String require(String program) {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/local/sbin"}) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && Peers.find(program) == null) {
                return p.toString();
            }
        }
        return Peers.require(program);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the server accepts a TCP connection; fails with its output if it exits or never does. */
    private static RealServer ready(String name, PeerProcess p, int port, Path dir, TestCa ca,
            TestCa.ServerFiles files) throws Exception {
        RealServer server = new RealServer(name, port, dir, ca.caCert(), files.chain(), files.key(),
                ca.clientCert(), ca.clientKey(), p);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MS);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return server;
            } catch (IOException notYet) {
                if (p.waitFor(0) || System.nanoTime() > deadline) {
                    String log = server.log();
                    p.close();
                    throw new AssertionError(name + " did not start on 127.0.0.1:" + port + ": " + log);
                }
                Thread.sleep(25);
            }
        }
    }
}
