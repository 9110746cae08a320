package dev.ussllab.tools.board;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code board mkdir :PATH...}: as mpremote's mkdir. */
@Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Make board directories.")
public final class BoardMkdir extends FsCommand {

    @Parameters(paramLabel = ":PATH", arity = "1..*", description = "board paths")
    List<String> paths;

    @Override
    public Integer call() {
        return each(paths, true, (f, path) -> f.mkdir(path));
    }
}
