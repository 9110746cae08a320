package dev.ussllab.host.keys;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes key.pem and cert.pem. The key file is created with mode 0600 from the start (never
 * readable by others, not even for a moment), both are written to a temporary file first and
 * moved into place, and nothing is written at all when either exists and force is not given.
 */
public final class PemFiles {

    /** What `openssl req -nodes -keyout` leaves: owner read/write only. */
    static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    /** A certificate is public: umask-style 0644. */
    static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {}

    public static void write(SelfSignedCertificate cert, Path keyFile, Path certFile, boolean force) {
        write(cert.privateKeyPem(), cert.certificatePem(), keyFile, certFile, force);
    }

    /**
     * A key and certificate for a board: the key in PKCS#1 (what axTLS reads), and DER copies of
     * both next to them (keyFile and certFile with ".der" in place of their extension), the bytes
     * MicroPython's ssl.wrap_socket(key=..., cert=...) takes. Returns the two DER paths.
     */
    public static Path[] writeForBoard(SelfSignedCertificate cert, Path keyFile, Path certFile, boolean force) {
        Path keyDer = der(keyFile);
        Path certDer = der(certFile);
        if (!force) {
            for (Path p : new Path[] {keyDer, certDer}) {
                if (Files.exists(p)) {
                    throw LabException.badInput(p + " already exists, not overwriting it",
                            "use --force to replace it, or choose another --out-dir");
                }
            }
        }
        write(cert.privateKeyPkcs1Pem(), cert.certificatePem(), keyFile, certFile, force);
        writeOne(keyDer, cert.privateKeyPkcs1Der(), KEY_MODE);
        writeOne(certDer, cert.certificateDer(), CERT_MODE);
        return new Path[] {keyDer, certDer};
    }

    private static Path der(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".der");
    }

    private static void write(String keyPem, String certPem, Path keyFile, Path certFile, boolean force) {
        if (keyFile.toAbsolutePath().normalize().equals(certFile.toAbsolutePath().normalize())) {
            throw LabException.badInput("key and certificate would both be written to " + keyFile,
                    "give --key and --cert different names");
        }
        if (!force) {
            for (Path p : new Path[] {keyFile, certFile}) {
                if (Files.exists(p)) {
                    throw LabException.badInput(p + " already exists, not overwriting it",
                            "use --force to replace it, or choose another --out-dir");
                }
            }
        }
        boolean keyExisted = Files.exists(keyFile);
        writeOne(keyFile, keyPem.getBytes(StandardCharsets.US_ASCII), KEY_MODE);
        try {
            writeOne(certFile, certPem.getBytes(StandardCharsets.US_ASCII), CERT_MODE);
        } catch (LabException e) {
            if (!keyExisted) {
                // A key without its certificate would only block the next run ("already exists").
                try {
                    Files.deleteIfExists(keyFile);
                } catch (IOException ignored) {
                    // the error below still names the file that failed
                }
            }
            throw e;
        }
    }

    private static void writeOne(Path target, byte[] bytes, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(mode);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attr);
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (AccessDeniedException e) {
            throw LabException.failure("cannot write " + target + ": permission denied",
                    "choose a folder you can write with --out-dir");
        } catch (FileAlreadyExistsException e) {
            throw LabException.failure("cannot write " + target + ": " + e.getFile() + " is in the way",
                    "remove it or choose another --out-dir");
        } catch (IOException e) {
            throw LabException.failure("cannot write " + target + ": " + e.getMessage(),
                    "check the folder exists and is writable");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds nothing the target does not
                }
            }
        }
    }
}
