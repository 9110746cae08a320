package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardCopy;
import dev.ussllab.device.repl.BoardFiles;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code board cp [-r] [-f] SRC... DEST}: mpremote's cp; ':' marks board paths
 * ({@code cp x.py :main.py}, {@code cp :boot.py .}, {@code cp -r dir :}).
 */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copy files between here and the board; ':' marks a board path, as in mpremote:",
            "cp x.py :main.py, cp :boot.py ., cp -r dir :, cp a.py b.py :lib/.",
            "Board files are written under a temporary name, checked (size and SHA-256), then renamed;",
            "a board file whose SHA-256 already matches is skipped (Up to date) unless -f."})
public final class BoardCp extends FsCommand {

    @Option(names = {"-r", "--recursive"}, description = "copy directories recursively")
    boolean recursive;

    @Option(names = {"-f", "--force"}, description = "copy even when the board file is unchanged")
    boolean force;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "SRC... DEST; ':' before a board path")
    List<String> paths;

    @Override
    public Integer call() {
        if (paths == null || paths.size() < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cp: missing destination path (cp SRC... DEST, ':' before a board path)");
        }
        if (paths.stream().noneMatch(BoardCopy::remote)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "cp: no board path: put ':' before the board side, e.g. `cp " + paths.get(0) + " :`");
        }
        BoardFs fs = fs();
        boolean r = recursive || fs != null && fs.recursive;
        boolean f = force || fs != null && fs.force;
        List<String> sources = paths.subList(0, paths.size() - 1);
        String dest = paths.get(paths.size() - 1);
        BoardFiles files = files();
        boolean v = verbose(true);
        BoardCopy copy = new BoardCopy(files, f, line -> {
            out().println(line);
            out().flush();
        });
        for (String src : sources) {
            if (v) {
                out().println("cp " + src + " " + dest);
                out().flush();
            }
            copy.copy(src, dest, r, sources.size() > 1);
        }
        out().flush();
        return 0;
    }
}
