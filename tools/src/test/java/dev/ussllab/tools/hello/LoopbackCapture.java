package dev.ussllab.tools.hello;

import dev.ussllab.testsupport.Peers;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** tcpdump on loopback for one TCP port, started when it says it listens, stopped with SIGTERM. */
final class LoopbackCapture implements AutoCloseable {

    /** After the last client, so the kernel hands tcpdump the last packets before it stops. */
    private static final int SETTLE_MS = 300;

    private final Process dump;

    LoopbackCapture(int port, Path file) throws IOException {
        String tcpdump = Peers.require("tcpdump");
        dump = new ProcessBuilder(tcpdump, "-i", "lo", "-n", "-U", "--immediate-mode", "-w", file.toString(),
                "tcp port " + port).redirectOutput(new File("/dev/null")).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(dump.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = err.readLine()) != null; ) {
            if (line.contains("listening on")) {
                return;
            }
        }
        throw new IOException("tcpdump exited before capturing");
    }

    @Override
    public void close() throws InterruptedException {
        Thread.sleep(SETTLE_MS);
        dump.destroy(); // SIGTERM: tcpdump flushes and closes the file
        if (!dump.waitFor(5, TimeUnit.SECONDS)) {
            dump.destroyForcibly();
        }
    }
}
