package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code board rm [-r] :PATH...}: remove board files (with -r, directories and what they hold). */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove board files; -r removes directories with their contents.")
public final class BoardRm extends FsCommand {

    @Option(names = {"-r", "--recursive"}, description = "remove directories and their contents")
    boolean recursive;

    @Parameters(paramLabel = ":PATH", arity = "1..*", description = "board paths")
    List<String> paths;

    @Override
    public Integer call() {
        boolean r = recursive || fs() != null && fs().recursive;
        return each(paths, true, (f, path) -> {
            if (r) {
                removeRecursive(f, path);
            } else {
                f.rm(path);
            }
        });
    }

    /** mpremote's do_filesystem_recursive_rm, with its "removed:" lines. */
    private void removeRecursive(BoardFiles f, String path) {
        if (f.isDir(path)) {
            for (BoardFiles.Entry e : f.ls(path)) {
                removeRecursive(f, (path.isEmpty() ? "" : path.endsWith("/") ? path : path + "/") + e.name());
            }
            if (!path.isEmpty() && !path.equals("/")) {
                f.rmdir(path);
                if (verbose(true)) {
                    out().println("removed directory: '" + path + "'");
                }
            }
        } else {
            f.rm(path);
            if (verbose(true)) {
                out().println("removed: '" + path + "'");
            }
        }
    }
}
