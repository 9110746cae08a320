package dev.ussllab.tools.flash;

import dev.ussllab.testsupport.Peers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulated board as a separate process, the way users run it: behind socat's pseudo-terminal
 * ({@code socat pty,link=...,raw,echo=0 EXEC:"ussl-lab board-emulator --stdio"}) or on a TCP port.
 * The child runs this test's classpath, so it is the code under test.
 */
final class BoardProcess implements AutoCloseable {

    final Process process;
    final Path port;
    final int tcpPort;
    /** Processes under socat (the board's JVM) seen before an unplug, so close() still ends them. */
    private final List<ProcessHandle> children = new ArrayList<>();

    private BoardProcess(Process process, Path port, int tcpPort) {
        this.process = process;
        this.port = port;
        this.tcpPort = tcpPort;
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "dev.ussllab.tools.UsslLab", "board-emulator"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** socat makes DIR/ttyESP and runs the board on its other end with {@code --stdio}. */
    static BoardProcess pty(Path dir, String... args) throws IOException, InterruptedException {
        List<String> board = new ArrayList<>(List.of("--stdio"));
        board.addAll(List.of(args));
        StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
        for (String a : javaCommand(board.toArray(String[]::new))) {
            sh.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        sh.append(" 2>>'").append(dir.resolve("board.log")).append("'\n");
        // socat's address syntax treats ':' and ',' specially, so the classpath goes in a script.
        Path script = dir.resolve("board.sh");
        Files.writeString(script, sh.toString());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        BoardProcess b = viaSocat(dir, "EXEC:" + script);
        b.awaitReady(dir);
        return b;
    }

    /** socat makes DIR/ttyESP with an arbitrary program on the other end (a garbage source). */
    static BoardProcess viaSocat(Path dir, String execAddress) throws IOException, InterruptedException {
        Path link = dir.resolve("ttyESP");
        Process p = new ProcessBuilder(Peers.require("socat"), "pty,raw,echo=0,link=" + link, execAddress)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(link)) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException("socat did not create " + link);
            }
            Thread.sleep(20);
        }
        return new BoardProcess(p, link, -1);
    }

    /** The board on 127.0.0.1 at a free port, read from its first output line. */
    static BoardProcess tcp(Path dir, String... args) throws IOException {
        List<String> cmd = javaCommand(args);
        cmd.addAll(List.of("--tcp", "0"));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("board.log").toFile()).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine(); // ends when the child prints its port or dies
        if (line == null || !line.contains("socket://")) {
            p.destroyForcibly();
            throw new IOException("board emulator did not start: " + line + " " + Files.readString(dir.resolve("board.log")));
        }
        return new BoardProcess(p, null, Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
    }

    /** Waits until the board behind socat reports on stderr that it runs (the JVM may start slowly). */
    void awaitReady(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("board.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log) && Files.readString(log).contains("ready"))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("the board emulator did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
            }
            Thread.sleep(50);
        }
    }

    /** The board side gone at once, as when its USB cable is pulled: socat dies and closes the pty. */
    void unplug() throws InterruptedException {
        children.addAll(process.descendants().toList());
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        children.forEach(ProcessHandle::destroy);
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
