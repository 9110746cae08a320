package dev.ussllab.tools.decrypt;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * tcpdump on the loopback, filtered on one port, written packet by packet (-U) and stopped with
 * SIGINT as a user would. Also makes the test keys with openssl and runs openssl peer pairs.
 */
public final class LoopbackCapture implements AutoCloseable {

    private final Watched tcpdump;

    /** How long the file must stay the same size before tcpdump is stopped: it has caught up. */
    private static final long SETTLE_MILLIS = 300;
    private static final long SETTLE_LIMIT_MILLIS = 5_000;

    private final Path file;

    private LoopbackCapture(Watched tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    static LoopbackCapture start(Path file, int port, String... extra) throws Exception {
        return start(file, port, "lo", extra);
    }

    /** On another interface: "any" gives Linux cooked captures (SLL2 with libpcap 1.10). */
    static LoopbackCapture start(Path file, int port, String iface, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("tcpdump"), "-i", iface, "-U", "--immediate-mode",
                "-w", file.toString()));
        cmd.addAll(List.of(extra));
        cmd.add("tcp port " + port);
        Watched w = new Watched(cmd);
        w.await("listening on", 10);
        return new LoopbackCapture(w, file);
    }

    /** SIGINT, then wait: tcpdump flushes and closes the file properly. */
    void stop() throws Exception {
        // Immediate mode hands each packet over at once, but the last ones may still be on their way
        // to the file when the session ends: wait (bounded) until its size stops changing.
        long deadline = System.currentTimeMillis() + SETTLE_LIMIT_MILLIS;
        long size = -1;
        while (System.currentTimeMillis() < deadline && size != java.nio.file.Files.size(file)) {
            size = java.nio.file.Files.size(file);
            Thread.sleep(SETTLE_MILLIS);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(tcpdump.process.pid())).start().waitFor();
        if (!tcpdump.waitFor(10)) {
            throw new AssertionError("tcpdump did not stop on SIGINT");
        }
    }

    @Override
    public void close() {
        tcpdump.close();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static void makeKey(Path dir, String name) throws Exception {
        Process p = new ProcessBuilder(Peers.require("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve(name + "-key.pem").toString(), "-out", dir.resolve(name + "-cert.pem").toString(),
                "-subj", "/CN=localhost", "-days", "2").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl req failed");
        }
    }

    /**
     * openssl s_client -> s_server sessions against one server process (so a later client can
     * resume an earlier session): each client sends "hello from client\n", the server answers
     * "HELLO FROM SERVER\n", the client closes.
     */
    static void opensslSessions(Path dir, int port, List<String> serverArgs, List<List<String>> clients)
            throws Exception {
        String openssl = Peers.require("openssl");
        List<String> s = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-naccept",
                Integer.toString(clients.size()), "-cert", dir.resolve("server-cert.pem").toString(),
                "-key", dir.resolve("server-key.pem").toString()));
        s.addAll(serverArgs);
        try (Watched server = new Watched(s)) {
            server.await("ACCEPT", 10);
            int n = 0;
            for (List<String> clientArgs : clients) {
                n++;
                List<String> c = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port,
                        "-quiet", "-no_ign_eof"));
                c.addAll(clientArgs);
                try (Watched client = new Watched(c)) {
                    client.send("hello from client\n");
                    awaitCount(server, "hello from client", n);
                    server.send("HELLO FROM SERVER\n");
                    client.await("HELLO FROM SERVER", 10);
                    client.closeInput();
                    if (!client.waitFor(10)) {
                        throw new AssertionError("s_client did not exit:\n" + client.output());
                    }
                }
            }
            server.waitFor(5);
        }
    }

    static void opensslSession(Path dir, int port, List<String> serverArgs, List<String> clientArgs) throws Exception {
        opensslSessions(dir, port, serverArgs, List.of(clientArgs));
    }

    private static void awaitCount(Watched w, String text, int count) throws InterruptedException {
        String out = w.await(text, 10);
        while (out.split(java.util.regex.Pattern.quote(text), -1).length - 1 < count) {
            out = w.awaitChange(out.length(), 10);
        }
    }
}
