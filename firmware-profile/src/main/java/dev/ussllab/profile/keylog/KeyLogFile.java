package dev.ussllab.profile.keylog;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * Appends NSS key-log lines ({@code LABEL <client_random hex> <secret hex>}), the format
 * Wireshark, curl, browsers and {@code openssl -keylogfile} share. The file is created with mode
 * 0600 because the secrets decrypt every logged session; each line is written and flushed in one
 * call under a lock so concurrent connections never interleave and nothing waits in a buffer.
 */
public final class KeyLogFile implements KeyLogSink, AutoCloseable {

    /** The variable curl, Firefox and Chrome honour (NSS convention). */
    public static final String ENVIRONMENT_VARIABLE = "SSLKEYLOGFILE";

    private static final HexFormat HEX = HexFormat.of();

    private final Path path;
    private final OutputStream out;

    private KeyLogFile(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Opens (creating with mode 0600 when absent) the file for appending. */
    public static KeyLogFile open(Path path) {
        try {
            createPrivate(path);
            OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new KeyLogFile(path, out);
        } catch (IOException | UnsupportedOperationException e) {
            throw new LabException(LabException.Kind.BAD_INPUT, "cannot open key log " + path + ": " + e.getMessage(),
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
            // Appending to an existing log is what SSLKEYLOGFILE users expect; its mode is theirs.
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): create it plainly.
            try {
                Files.createFile(path);
            } catch (FileAlreadyExistsException ignored) {
                // as above
            }
        }
    }

    /** One NSS line without the newline; pure, for tests and for capture secrets blocks. */
    public static String line(String label, byte[] clientRandom, byte[] secret) {
        return label + " " + HEX.formatHex(clientRandom) + " " + HEX.formatHex(secret);
    }

    @Override
    public void log(String label, byte[] clientRandom, byte[] secret) {
        byte[] bytes = (line(label, clientRandom, secret) + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new LabException(LabException.Kind.FAILURE, "cannot write key log " + path + ": " + e.getMessage(),
                        "check free space and permissions", e);
            }
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new LabException(LabException.Kind.FAILURE, "cannot close key log " + path + ": " + e.getMessage(),
                    "check free space", e);
        }
    }
}
