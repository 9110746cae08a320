package dev.ussllab.tools.hello;

import dev.ussllab.tools.UsslLab;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a long-lived command (a listener) in-process on its own thread and watches what it prints. */
final class Background implements AutoCloseable {

    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread thread;
    private volatile int exitCode = -1;

    Background(String... args) {
        thread = new Thread(() -> exitCode = UsslLab.commandLine(new PrintWriter(new Sink(out), true),
                new PrintWriter(new Sink(err), true)).execute(args), "cli-" + args[0]);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the output matches; returns the first group. */
    String await(String regex, long seconds) throws Exception {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (out) {
            while (true) {
                Matcher m = p.matcher(out);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !thread.isAlive() && !p.matcher(out).find()) {
                    throw new TimeoutException("no /" + regex + "/ in:\n" + this);
                }
                out.wait(Math.min(left, 100)); // woken by every write; the cap covers the thread ending
            }
        }
    }

    int join(long seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        return thread.isAlive() ? -1 : exitCode;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }

    private static final class Sink extends Writer {
        private final StringBuffer buf;

        Sink(StringBuffer buf) {
            this.buf = buf;
        }

        @Override
        public void write(char[] c, int off, int len) {
            synchronized (buf) {
                buf.append(c, off, len);
                buf.notifyAll();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
