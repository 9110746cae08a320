package dev.ussllab.tools.decrypt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process whose output is collected, with a wait for a given text (no polling loop). */
public final class Watched implements AutoCloseable {

    final Process process;
    private final StringBuilder out = new StringBuilder();

    public Watched(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (out) {
                        out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        out.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "watch " + command.get(0));
        t.setDaemon(true);
        t.start();
    }

    /** Waits until the output contains text; fails the test after the timeout. */
    public String await(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (out) {
            while (out.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' from " + process.info().command().orElse("?")
                            + " within " + seconds + " s; output so far:\n" + out);
                }
                out.wait(left);
            }
            return out.toString();
        }
    }

    /** Waits until text occurs count times in the output. */
    public String awaitCount(String text, int count, int seconds) throws InterruptedException {
        String out = await(text, seconds);
        while (out.split(java.util.regex.Pattern.quote(text), -1).length - 1 < count) {
            out = awaitChange(out.length(), seconds);
        }
        return out;
    }

    /** Waits until the output grows past the given length. */
    String awaitChange(int length, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (out) {
            while (out.length() <= length) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no more output within " + seconds + " s:\n" + out);
                }
                out.wait(left);
            }
            return out.toString();
        }
    }

    public String output() {
        synchronized (out) {
            return out.toString();
        }
    }

    public void send(String s) throws IOException {
        OutputStream o = process.getOutputStream();
        o.write(s.getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    public void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * SIGTERM, as Ctrl-C's shutdown path (a background process ignores SIGINT; the JVM runs the
     * same hooks for both). Through the handle: Process.destroy() would also close our end of its
     * output, and what it prints while stopping would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    public long pid() {
        return process.pid();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public boolean waitFor(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
