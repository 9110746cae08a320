package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board get REMOTE [LOCAL]}: copy a file from the board, verified against the board's own hash. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Copy REMOTE from the board to LOCAL (default: its file name here), checked against the board's size and SHA-256.")
public final class BoardGet implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(index = "0", paramLabel = "REMOTE", description = "board path")
    String remote;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL", description = "file here (default: REMOTE's file name)")
    Path local;

    @Override
    public Integer call() {
        Path target = local != null ? local : Path.of(remote.substring(remote.lastIndexOf('/') + 1));
        if (Files.isDirectory(target)) {
            target = target.resolve(remote.substring(remote.lastIndexOf('/') + 1));
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw LabException.badInput("no such directory " + dir, "create it first or give another LOCAL");
        }
        byte[] data = board.inRawRepl(repl -> new BoardFiles(repl).get(remote));
        try {
            // Written beside the target and moved into place: never a half-written file under the name.
            Path temp = Files.createTempFile(dir, ".ussl-get-", ".part");
            try {
                Files.write(temp, data);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw LabException.failure("cannot write " + target + ": " + e.getMessage(), "check the directory's permissions and free space");
        }
        spec.commandLine().getOut().printf("got :%s -> %s (%d bytes, size and sha256 verified)%n", remote, target, data.length);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
