package dev.ussllab.tools.board;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code board touch :PATH...}: as mpremote's touch. */
@Command(name = "touch", mixinStandardHelpOptions = true, description = "Create empty board files (an existing file is kept as it is).")
public final class BoardTouch extends FsCommand {

    @Parameters(paramLabel = ":PATH", arity = "1..*", description = "board paths")
    List<String> paths;

    @Override
    public Integer call() {
        return each(paths, true, (f, path) -> f.touch(path));
    }
}
