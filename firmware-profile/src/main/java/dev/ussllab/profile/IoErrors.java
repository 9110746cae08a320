package dev.ussllab.profile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An I/O error in words for a one-line message that already names the file: Java's file-system
 * exceptions repeat the path ("x.pcapng: x.pcapng: Read-only file system") or are only the path
 * (NoSuchFileException, AccessDeniedException).
 */
public final class IoErrors {

    private IoErrors() {}

    public static String words(IOException e) {
        if (e instanceof NoSuchFileException missing && missing.getFile() != null && missing.getReason() == null) {
            Path parent = Path.of(missing.getFile()).toAbsolutePath().getParent();
            return "the directory " + parent + " does not exist";
        }
        if (e instanceof AccessDeniedException && ((FileSystemException) e).getReason() == null) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
