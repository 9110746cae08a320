package dev.ussllab.profile.keylog;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An openssl s_server/s_client child process for tests; always destroy() it in finally. */
final class OpensslProcess implements AutoCloseable {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    final Process process;

    OpensslProcess(List<String> command, File log) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log))
                .start();
    }

    private OpensslProcess(Process process) {
        this.process = process;
    }

    /** Starts s_server on an ephemeral loopback port and returns it once it listens. */
    static OpensslProcess server(List<String> command, int[] portOut) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line;
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
            Matcher m = ACCEPT.matcher(line);
            if (m.find()) {
                portOut[0] = Integer.parseInt(m.group(1));
                // Keep draining so s_server never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // discard
                        }
                    } catch (IOException ignored) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new OpensslProcess(p);
            }
        }
        p.destroyForcibly();
        throw new IOException("openssl s_server did not print ACCEPT");
    }

    static List<String> tlsVersionFlag(String version) {
        return List.of("TLSv1.3".equals(version) ? "-tls1_3" : "-tls1_2");
    }

    boolean waitFor(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    static Path keyLog(Path dir, String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
