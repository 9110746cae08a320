package dev.ussllab.tools.capture;

import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.host.capture.TcpTap;
import dev.ussllab.host.hello.HostPort;
import dev.ussllab.host.net.SelfRelay;
import dev.ussllab.profile.LabException;
import dev.ussllab.tools.UsslLab;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ussl-lab capture}: a transparent TCP tap that records sessions to pcapng without root. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Relay TCP from --listen to --forward and record every session to a pcapng file (no root"
                + " needed). Point the client (an ESP8266, say) at the listen address; the server sees the tap as its"
                + " client. Ciphertext only, unless --keylog names the key log a peer writes (each session's lines go"
                + " into the file). Each session is flushed when it ends, so the file is valid at any time; a write"
                + " error (disk full) stops the capture with exit 1, the sessions before it intact. Stop with Ctrl-C.")
public final class CaptureCommand implements Callable<Integer> {

    /** A client that holds a connection open without sending is cut after this long. */
    static final int DEFAULT_IDLE_SECONDS = 60;
    /** TcpTap's close: 1.5 s for sessions to end, 1.5 s to write those it cut, the file's close. */
    static final int SHUTDOWN_WAIT_SECONDS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT",
            description = "where clients connect: an address of this machine, e.g. 0.0.0.0:8443 for a board on the LAN")
    String listen;

    @Option(names = "--forward", required = true, paramLabel = "HOST:PORT", description = "the real server")
    String forward;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "pcapng file to write (a directory gets a timestamped file)")
    Path out;

    @Option(names = "--keylog", paramLabel = "FILE", description = "NSS key log a peer writes; each session's lines are stored with it")
    Path keyLog;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "stop after N sessions (default: run until Ctrl-C)")
    int count;

    @Option(names = "--idle-timeout", paramLabel = "S", defaultValue = "" + DEFAULT_IDLE_SECONDS,
            description = "seconds a silent connection is kept (default: ${DEFAULT-VALUE})")
    int idleSeconds;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "" + TcpTap.DEFAULT_TIMEOUT_MS / 1000,
            description = "hard deadline, from accept, for the server's first answer: a client that has not got one"
                    + " by then (silent, or trickling its ClientHello) is cut (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + TcpTap.DEFAULT_MAX_CONNECTIONS,
            description = "sessions relayed at once, idle ones included; beyond them a new connection is closed and"
                    + " logged busy (default: ${DEFAULT-VALUE}; two open files each: keep it below ulimit -n / 2)")
    int maxConnections;

    @Override
    public Integer call() throws Exception {
        var listenAddress = HostPort.listen(listen, "--listen");
        if (listenAddress.getPort() == 0) { // the client is pointed at the tap: it needs a port known in advance
            throw LabException.badInput("--listen " + listen + ": port 0 is out of range", "give the port the client connects to, 1 to 65535");
        }
        var forwardAddress = HostPort.connect(forward, "--forward");
        SelfRelay.refuse(listenAddress, forwardAddress, "--listen", "--forward", "the capture"); // before the file is made
        if (count < 0 || idleSeconds < 1) {
            throw LabException.badInput("--count must be 0 or more and --idle-timeout at least 1", "e.g. --count 1 --idle-timeout 60");
        }
        if (timeoutSeconds < 1 || maxConnections < 1) {
            throw LabException.badInput("--timeout and --max-connections must be at least 1", "e.g. --timeout 10 --max-connections 4096");
        }
        if (keyLog != null && !Files.isReadable(keyLog)) {
            throw LabException.badInput("key log " + keyLog + " does not exist or is unreadable",
                    "start the peer with SSLKEYLOGFILE=" + keyLog + " (or --keylog) first, or leave --keylog out");
        }
        PrintWriter pw = spec.commandLine().getOut();
        CaptureFile file = CaptureFile.open(out);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger sessions = new AtomicInteger();
        TcpTap tap;
        try {
            tap = TcpTap.start(listenAddress, forwardAddress, file, keyLog,
                    new TcpTap.Limits(timeoutSeconds * 1000, idleSeconds * 1000, maxConnections), line -> {
                synchronized (pw) {
                    pw.println(dev.ussllab.profile.UserText.clean(line));
                    pw.flush();
                }
            }, () -> {
                if (file.failure() != null || count > 0 && sessions.incrementAndGet() >= count) {
                    done.countDown();
                }
            });
        } catch (LabException e) {
            file.close();
            throw e;
        }
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: wake the main thread and hold the JVM until it has closed the file (bounded), so the
        // last block is never cut in half.
        Thread hook = new Thread(() -> {
            done.countDown();
            try {
                closed.await(SHUTDOWN_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "capture-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            pw.println("relaying " + ConnectionRecord.hostPort(tap.address()) + " -> " + ConnectionRecord.hostPort(forwardAddress) + ", writing " + file.path()
                    + (count > 0 ? "; stops after " + count + " session(s)" : "; Ctrl-C stops"));
            pw.flush();
            done.await();
        } finally {
            tap.close(); // every session open at Ctrl-C is written before this returns
            boolean signalled;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                signalled = false;
            } catch (IllegalStateException shuttingDown) {
                signalled = true;
            }
            if (signalled) {
                // The JVM exits 130 (SIGINT) or 143 (SIGTERM) once the hook returns: summary first.
                synchronized (pw) {
                    pw.println(file.failure() != null ? file.failure().oneLine() : summary(file));
                    pw.flush();
                }
            }
            closed.countDown();
        }
        if (file.failure() != null) {
            throw file.failure();
        }
        pw.println(summary(file));
        return UsslLab.EXIT_OK;
    }

    private static String summary(CaptureFile file) {
        return file.sessions() + " session(s) written to " + file.path();
    }
}
