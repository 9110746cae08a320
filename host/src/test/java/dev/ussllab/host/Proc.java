package dev.ussllab.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real peer (openssl, python3) to completion with a hard time limit; never leaves it running. */
public final class Proc {

    public final int exit;
    public final String out;
    public final String err;

    private Proc(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    public static Proc run(File dir, String stdin, long timeoutSeconds, String... cmd) {
        Process p = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir);
            p = pb.start();
            Process proc = p;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t1 = drain(proc.getInputStream(), out);
            Thread t2 = drain(proc.getErrorStream(), err);
            try {
                if (stdin != null) {
                    proc.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                proc.getOutputStream().close();
            } catch (IOException exitedFirst) {
                // The command ended before reading its input (s_client refused by the server, say):
                // its exit code and output say what happened.
            }
            if (!proc.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            t1.join(2000);
            t2.join(2000);
            return new Proc(proc.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // process killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
