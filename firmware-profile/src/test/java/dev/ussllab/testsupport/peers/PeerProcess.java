package dev.ussllab.testsupport.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real peer program (openssl s_server, a python3 server) run for a test: its output (stdout and
 * stderr merged) is collected line by line; close() always destroys it. Use in try-with-resources.
 */
public final class PeerProcess implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private PeerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static PeerProcess start(Path workDir, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return new PeerProcess(pb.start());
    }

    /** Waits for an output line matching the pattern and returns the match; fails after the timeout. */
    public Matcher await(Pattern pattern, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                throw new AssertionError("peer never printed " + pattern + (line == null ? " (timeout)" : " (it exited)")
                        + "; output so far: " + output());
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    /** Everything printed so far. */
    public synchronized String output() {
        return String.join("\n", seen);
    }

    /** Whether the program has exited within the time. */
    public boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    seen.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process was destroyed
        } finally {
            lines.add(EOF);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        }
    }
}
