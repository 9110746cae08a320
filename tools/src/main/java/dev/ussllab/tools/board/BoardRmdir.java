package dev.ussllab.tools.board;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code board rmdir :PATH...}: as mpremote's rmdir. */
@Command(name = "rmdir", mixinStandardHelpOptions = true, description = "Remove empty board directories.")
public final class BoardRmdir extends FsCommand {

    @Parameters(paramLabel = ":PATH", arity = "1..*", description = "board paths")
    List<String> paths;

    @Override
    public Integer call() {
        return each(paths, true, (f, path) -> f.rmdir(path));
    }
}
