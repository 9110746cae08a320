package dev.ussllab.profile.keylog;

import dev.ussllab.profile.IoErrors;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.HexFormat;

/**
 * Appends NSS key-log lines ({@code LABEL <client_random hex> <secret hex>}), the format
 * Wireshark, curl, browsers and {@code openssl -keylogfile} share. The file is created with mode
 * 0600 because the secrets decrypt every logged session; each line is written and flushed in one
 * call under a lock so concurrent connections never interleave and nothing waits in a buffer.
 * A write that fails (disk full, file too large) is cut back so no half line is left, and is kept:
 * it is never thrown into the TLS stack (that would abort the user's session with an anonymous
 * internal_error), but reported by {@link #failure()} and by {@link #close()}.
 */
public final class KeyLogFile implements KeyLogSink, AutoCloseable {

    /** The variable curl, Firefox and Chrome honour (NSS convention). */
    public static final String ENVIRONMENT_VARIABLE = "SSLKEYLOGFILE";

    private static final HexFormat HEX = HexFormat.of();

    private final Path path;
    private final FileChannel out;
    private LabException failure;

    private KeyLogFile(Path path, FileChannel out) {
        this.path = path;
        this.out = out;
    }

    /** Opens (creating with mode 0600 when absent) the file for appending. */
    public static KeyLogFile open(Path path) {
        try {
            createPrivate(path);
            return new KeyLogFile(path, FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException | UnsupportedOperationException e) {
            throw new LabException(LabException.Kind.BAD_INPUT, "cannot open key log " + path + ": "
                    + (e instanceof IOException io ? IoErrors.words(io) : e.getMessage()),
                    "choose a writable file for --keylog", e);
        }
    }

    /**
     * The sink for a {@code --keylog} option: the option's file if given, else the file named by
     * SSLKEYLOGFILE, else {@link KeyLogSink#NONE} (nothing is logged unless asked).
     */
    public static KeyLogSink fromOptionOrEnvironment(Path option) {
        return fromOptionOrEnvironment(option, System.getenv(ENVIRONMENT_VARIABLE));
    }

    static KeyLogSink fromOptionOrEnvironment(Path option, String environmentValue) {
        if (option != null) {
            return open(option);
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            return open(Path.of(environmentValue));
        }
        return KeyLogSink.NONE;
    }

    private static void createPrivate(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("the directory " + parent + " does not exist");
        }
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // Appending to an existing log is what SSLKEYLOGFILE users expect, but every line added
            // decrypts a session: a log others may read is made private, or the user is told once.
            makePrivate(path);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): create it plainly.
            try {
                Files.createFile(path);
            } catch (FileAlreadyExistsException ignored) {
                // as above
            }
        }
    }

    /** Where the one-time warning about a key log others can read goes (stderr; tests swap it). */
    static java.io.PrintStream warnings = System.err;

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Drops group and other access from an existing key log; warns once when that is not allowed. */
    static void makePrivate(Path path) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(path);
        } catch (IOException | UnsupportedOperationException e) {
            return; // not POSIX (Windows), or unreadable attributes: opening will say what is wrong
        }
        if (java.util.Collections.disjoint(mode, GROUP_OR_OTHER)) {
            return;
        }
        Set<PosixFilePermission> tight = EnumSet.noneOf(PosixFilePermission.class);
        tight.addAll(mode);
        tight.removeAll(GROUP_OR_OTHER);
        try {
            Files.setPosixFilePermissions(path, tight);
        } catch (IOException e) {
            warnings.println("warning: key log " + path + " is mode " + octal(mode) + " (others may read the secrets"
                    + " appended to it) and cannot be made private: " + IoErrors.words(e)
                    + "; chmod 600 it or choose another file");
        }
    }

    static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", bits);
    }

    /** One NSS line without the newline; pure, for tests and for capture secrets blocks. */
    public static String line(String label, byte[] clientRandom, byte[] secret) {
        return label + " " + HEX.formatHex(clientRandom) + " " + HEX.formatHex(secret);
    }

    /** Appends one line; after a failed write nothing more is written (see {@link #failure()}). */
    @Override
    public void log(String label, byte[] clientRandom, byte[] secret) {
        ByteBuffer bytes = ByteBuffer.wrap((line(label, clientRandom, secret) + "\n").getBytes(StandardCharsets.US_ASCII));
        synchronized (this) {
            if (failure != null) {
                return;
            }
            long end = -1;
            try {
                end = out.size();
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                String kept = "the lines before it are in the file";
                try {
                    if (end >= 0) {
                        out.truncate(end); // no half line for Wireshark to choke on
                    }
                } catch (IOException truncate) {
                    kept = "the file ends in a partial line";
                }
                failure = new LabException(LabException.Kind.FAILURE, "cannot write key log " + path + ": "
                        + IoErrors.words(e),
                        "free space or fix permissions; " + kept, e);
            }
        }
    }

    /** The first write error, or null. */
    public synchronized LabException failure() {
        return failure;
    }

    /** For a command that is done with the sink: a key log that lost a secret is an error. */
    public static void throwIfFailed(KeyLogSink sink) {
        if (sink instanceof KeyLogFile f && f.failure() != null) {
            throw f.failure();
        }
    }

    public Path path() {
        return path;
    }

    /** Closes the file; throws the first write error, if any, so a lost secret is never silent. */
    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new LabException(LabException.Kind.FAILURE, "cannot close key log " + path + ": " + IoErrors.words(e),
                    "check free space", e);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
