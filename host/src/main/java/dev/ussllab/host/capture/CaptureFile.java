package dev.ussllab.host.capture;

import dev.ussllab.host.pcap.LinkType;
import dev.ussllab.host.pcap.PcapngWriter;
import dev.ussllab.host.pcap.SessionSynthesizer;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.profile.LabException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A pcapng file that receives whole sessions: each is written (secrets block first, then its
 * synthesized frames) and flushed at once, so the file is valid after every session and after
 * Ctrl-C. The first write error is kept and reported; nothing more is written after it, so what
 * is on disk stays a valid capture of the sessions before it.
 */
public final class CaptureFile implements AutoCloseable {

    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("'ussl-lab-'yyyyMMdd-HHmmss'.pcapng'");

    private final Path path;
    private final OutputStream out;
    private final PcapngWriter writer;
    private int sessions;
    private LabException failure;
    private boolean closed;

    private CaptureFile(Path path, OutputStream out, PcapngWriter writer) {
        this.path = path;
        this.out = out;
        this.writer = writer;
    }

    /** A directory gets a new file named by the current UTC time; anything else is the file itself. */
    public static CaptureFile open(Path dirOrFile) {
        Path path = Files.isDirectory(dirOrFile)
                ? dirOrFile.resolve(RUN_NAME.format(ZonedDateTime.now(ZoneOffset.UTC))) : dirOrFile;
        OutputStream out = null;
        try {
            out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16);
            PcapngWriter w = new PcapngWriter(out, LinkType.ETHERNET, false);
            w.flush();
            return new CaptureFile(path, out, w);
        } catch (IOException e) {
            closeQuietly(out);
            throw new LabException(LabException.Kind.BAD_INPUT, "cannot write capture " + path + ": " + describe(e),
                    "choose a writable file or directory for the capture (check space and permissions)", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Sessions written so far. */
    public synchronized int sessions() {
        return sessions;
    }

    /** The first write error, or null. */
    public synchronized LabException failure() {
        return failure;
    }

    /**
     * Writes one finished session and flushes. Returns false (and keeps the error) when the
     * file cannot be written; never throws, since it runs on connection threads.
     */
    public synchronized boolean writeSession(InetSocketAddress client, InetSocketAddress server, long startNanos,
            long endNanos, List<TcpConnection.Chunk> chunks, List<String> keyLogLines) {
        if (failure != null || closed) {
            return false; // after close (Ctrl-C): a session still in flight is not part of this file
        }
        try {
            writer.writeKeyLog(keyLogLines);
            SessionSynthesizer.forSession(client, server, startNanos).write(startNanos, chunks, endNanos,
                    writer::writePacket);
            writer.flush();
            sessions++;
            notifyAll(); // for anyone waiting on sessions()
            return true;
        } catch (IOException e) {
            failure = new LabException(LabException.Kind.FAILURE, "capture " + path + ": writing session " + (sessions + 1)
                    + " failed: " + describe(e), "free space or fix permissions; the " + sessions
                    + " session(s) before it are in the file", e);
            return false;
        }
    }

    /** Waits for a session being written (same lock), so the file never ends in half a block. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = new LabException(LabException.Kind.FAILURE, "capture " + path + ": closing failed: " + describe(e),
                        "check free space", e);
            }
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // already reporting the first error
            }
        }
    }

    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
