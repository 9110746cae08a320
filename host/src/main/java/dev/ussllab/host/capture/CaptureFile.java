package dev.ussllab.host.capture;

import dev.ussllab.host.pcap.LinkType;
import dev.ussllab.host.pcap.PcapngWriter;
import dev.ussllab.host.pcap.SessionSynthesizer;
import dev.ussllab.host.pcap.TcpConnection;
import dev.ussllab.profile.IoErrors;
import dev.ussllab.profile.LabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileSystems;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * A pcapng file that receives whole sessions: each is written (secrets block first, then its
 * synthesized frames) and flushed at once, so the file is valid after every session and after
 * Ctrl-C. A session is assembled in memory (it is there already, recorded) and written in one go;
 * if that write fails (disk full, file too large) the file is cut back to the end of the session
 * before, so no half block is ever left behind. The first write error is kept and reported;
 * nothing more is written after it, so what is on disk stays a valid capture of the sessions before it.
 */
public final class CaptureFile implements AutoCloseable {

    /** Runs that may start in one second in one directory before open gives up (a script gone wrong). */
    private static final int MAX_SAME_SECOND_RUNS = 100;
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("'ussl-lab-'yyyyMMdd-HHmmss'.pcapng'");

    /** rw------- : captures hold the secrets that decrypt them. */
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------ for the folders a capture makes. */
    static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final FileChannel channel;
    /** The next session's blocks, written to the channel whole. */
    private final ByteArrayOutputStream pending;
    private final PcapngWriter writer;
    private int sessions;
    private LabException failure;
    private boolean closed;

    private CaptureFile(Path path, FileChannel channel, ByteArrayOutputStream pending, PcapngWriter writer) {
        this.path = path;
        this.channel = channel;
        this.pending = pending;
        this.writer = writer;
    }

    /**
     * A directory gets a new file named by the current UTC time ("-2", "-3"... when another run
     * took that name in the same second: never truncate or share another run's capture); anything
     * else is the file itself.
     */
    public static CaptureFile open(Path dirOrFile) {
        boolean dir = Files.isDirectory(dirOrFile);
        if (!dir) {
            makePrivateFolders(dirOrFile.toAbsolutePath().getParent());
        }
        String name = RUN_NAME.format(ZonedDateTime.now(ZoneOffset.UTC));
        Path path = dir ? dirOrFile.resolve(name) : dirOrFile;
        FileChannel channel = null;
        try {
            for (int n = 2; channel == null; n++) {
                try {
                    channel = dir ? openPrivate(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                            : openPrivate(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                                    StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    if (n > MAX_SAME_SECOND_RUNS) {
                        throw taken;
                    }
                    path = dirOrFile.resolve(name.replace(".pcapng", "-" + n + ".pcapng"));
                }
            }
            ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 16);
            PcapngWriter w = new PcapngWriter(pending, LinkType.ETHERNET, false);
            writeFully(channel, pending);
            return new CaptureFile(path, channel, pending, w);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LabException(LabException.Kind.BAD_INPUT, "cannot write capture " + path + ": " + IoErrors.words(e),
                    "choose a writable file or directory for the capture; check space and permissions", e);
        }
    }

    /**
     * Creates the folders a capture file is to go in that do not exist yet, mode 0700: only their
     * owner may list or read what they will hold. Folders that exist are left as they are.
     */
    public static void makePrivateFolders(Path folder) {
        if (folder == null || Files.exists(folder)) {
            return; // a folder already, or a file in the way: opening the capture says so, naming it
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
            } else {
                Files.createDirectories(folder);
            }
        } catch (IOException e) {
            throw new LabException(LabException.Kind.BAD_INPUT, "cannot create folder " + folder + " for the capture: "
                    + IoErrors.words(e), "choose a folder you can write", e);
        }
    }

    /**
     * Opens with mode 0600, as key.pem and the key log are: the file embeds every session's secrets
     * (Decryption Secrets Blocks). A file that existed is overwritten, so it is made private too.
     */
    static FileChannel openPrivate(Path path, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> opts = Set.of(options);
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(path, opts); // Windows: the folder's ACL decides
        }
        FileChannel channel = FileChannel.open(path, opts, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        try {
            Files.setPosixFilePermissions(path, PRIVATE_FILE); // a file that existed keeps its mode otherwise
        } catch (IOException notOwner) {
            // someone else's file the user may write: its mode is its owner's business
        }
        return channel;
    }

    private static void writeFully(FileChannel channel, ByteArrayOutputStream pending) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        while (b.hasRemaining()) {
            channel.write(b);
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
        long end = -1;
        try {
            end = channel.position();
            writer.writeKeyLog(keyLogLines);
            SessionSynthesizer.forSession(client, server, startNanos).write(startNanos, chunks, endNanos,
                    writer::writePacket);
            writeFully(channel, pending);
            sessions++;
            notifyAll(); // for anyone waiting on sessions()
            return true;
        } catch (IOException e) {
            pending.reset();
            String kept = "the " + sessions + " session(s) before it are in the file";
            try {
                if (end >= 0) {
                    channel.truncate(end); // drop the part of this session that did reach the disk
                }
            } catch (IOException truncate) {
                kept = "the file ends in a partial session (" + IoErrors.words(truncate) + ")";
            }
            failure = new LabException(LabException.Kind.FAILURE, "capture " + path + ": writing session " + (sessions + 1)
                    + " failed: " + IoErrors.words(e), "free space or fix permissions; " + kept, e);
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
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = new LabException(LabException.Kind.FAILURE, "capture " + path + ": closing failed: " + IoErrors.words(e),
                        "check free space", e);
            }
        }
    }

    private static void closeQuietly(FileChannel out) {
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
