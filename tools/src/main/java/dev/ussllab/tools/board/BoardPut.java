package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board put LOCAL [REMOTE]}: copy a file to the board, verified before it takes the final name. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Copy LOCAL to the board as REMOTE (default: the same name).",
            "It is written under a temporary name, checked (size and SHA-256), then renamed."})
public final class BoardPut implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "file on this computer")
    Path local;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REMOTE", description = "board path (default: LOCAL's file name; DIR/ puts it in DIR)")
    String remote;

    @Override
    public Integer call() {
        byte[] data;
        try {
            if (Files.isDirectory(local)) {
                throw LabException.badInput(local + " is a directory", "put copies one file");
            }
            data = Files.readAllBytes(local);
        } catch (java.nio.file.NoSuchFileException e) {
            throw LabException.badInput("no such file " + local, "give the path of a local file");
        } catch (IOException e) {
            throw LabException.badInput("cannot read " + local + ": " + e.getMessage(), "check the path and its permissions");
        }
        String name = local.getFileName().toString();
        // As mpremote's cp: no REMOTE, or a directory written with a trailing '/', keeps the file's name.
        String target = remote == null ? name : remote.endsWith("/") ? remote + name : remote;
        long start = System.nanoTime();
        board.inRawRepl(repl -> {
            new BoardFiles(repl).put(data, target);
            return null;
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        spec.commandLine().getOut().printf("put %s -> :%s (%d bytes, size and sha256 verified, %d ms)%n", local, target, data.length, ms);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
