package dev.ussllab.device.flasher;

import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real pseudo-terminal pair made by socat: two symlinks, a and b, wired back to back. */
public final class PtyPair implements AutoCloseable {

    public final Path a;
    public final Path b;
    private final Process socat;

    public PtyPair(Path dir) throws IOException, InterruptedException {
        String exe = Peers.require("socat");
        a = dir.resolve("ttyA");
        b = dir.resolve("ttyB");
        socat = new ProcessBuilder(exe, "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (System.nanoTime() > deadline || !socat.isAlive()) {
                close();
                throw new IOException("socat did not create the pty pair");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            socat.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
