package dev.ussllab.tools.board;

import dev.ussllab.profile.LabException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code board sha256sum :FILE...}: the board's own SHA-256 of each file (hashlib on the board). */
@Command(name = "sha256sum", mixinStandardHelpOptions = true, description = "Print the SHA-256 of board files, computed on the board.")
public final class BoardSha256sum extends FsCommand {

    @Parameters(paramLabel = ":FILE", arity = "1..*", description = "board paths")
    List<String> files;

    @Override
    public Integer call() {
        return each(files, true, (f, path) -> {
            String hex = f.sha256(path);
            if (hex == null) {
                throw LabException.failure("sha256sum: the board's firmware has no hashlib.sha256", "build it with hashlib, or compare with `board cp :" + path + " .`");
            }
            out().println(hex);
        });
    }
}
