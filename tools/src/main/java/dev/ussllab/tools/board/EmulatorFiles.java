package dev.ussllab.tools.board;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder that holds the emulated MicroPython board's filesystem. A real board keeps its files
 * as long as its flash, so by default they live beside the {@code --flash} file (board.bin ->
 * board.fs/); with the flash in memory only, they go to a temporary folder that is removed when
 * the emulator ends (normally or by a signal), as the flash contents are.
 */
public final class EmulatorFiles implements AutoCloseable {

    private final Path dir;
    private final Thread removeAtExit;

    private EmulatorFiles(Path dir, boolean temporary) {
        this.dir = dir;
        this.removeAtExit = temporary ? new Thread(this::remove, "remove-board-files") : null;
        if (removeAtExit != null) {
            Runtime.getRuntime().addShutdownHook(removeAtExit);
        }
    }

    /** {@code fs} if given, else the folder beside {@code flash}, else a new temporary folder. */
    public static EmulatorFiles open(Path fs, Path flash) throws IOException {
        if (fs == null && flash == null) {
            return new EmulatorFiles(Files.createTempDirectory("ussl-lab-board-"), true);
        }
        Path dir = fs != null ? fs : besideFlash(flash);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw LabException.badInput((fs != null ? "--fs " : "MicroPython's folder beside --flash, ") + dir + " is a file",
                    "give --fs a folder for the board's files");
        }
        Files.createDirectories(dir);
        return new EmulatorFiles(dir, false);
    }

    /** board.bin -> board.fs beside it; a name without an extension gets ".fs" added. */
    static Path besideFlash(Path flash) {
        String name = flash.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return flash.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".fs");
    }

    public Path dir() {
        return dir;
    }

    public boolean temporary() {
        return removeAtExit != null;
    }

    @Override
    public void close() {
        if (removeAtExit != null) {
            remove();
            try {
                Runtime.getRuntime().removeShutdownHook(removeAtExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds nothing left to remove)
            }
        }
    }

    private void remove() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not remove the board's temporary folder " + dir + ": " + e.getMessage());
        }
    }
}
