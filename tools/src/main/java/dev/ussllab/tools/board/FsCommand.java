package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardCopy;
import dev.ussllab.device.repl.BoardFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What mpremote's fs commands share: board paths (a leading ':' is optional, as mpremote strips
 * it), the board found above (board X or board fs X), and mpremote's verbose line ("ls :lib")
 * printed before each path unless --no-verbose.
 */
abstract class FsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, negatable = true,
            description = "print the command and path before each result, as mpremote (on by default except for cat)")
    Boolean verbose;

    BoardCommand board() {
        return BoardCommand.of(spec);
    }

    /** The fs-level flags (board fs -r cp ...) apply too, as in mpremote's `fs -r cp`. */
    BoardFs fs() {
        for (CommandSpec s = spec.parent(); s != null; s = s.parent()) {
            if (s.userObject() instanceof BoardFs f) {
                return f;
            }
        }
        return null;
    }

    boolean verbose(boolean byDefault) {
        BoardFs fs = fs();
        Boolean v = verbose != null ? verbose : fs != null ? fs.verbose : null;
        return v == null ? byDefault : v;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static List<String> boardPaths(List<String> given) {
        List<String> r = new ArrayList<>();
        for (String p : given) {
            r.add(BoardCopy.boardPath(p));
        }
        return r;
    }

    BoardFiles files() {
        return new BoardFiles(board().session().raw());
    }

    /** Runs op on each path, printing "NAME :path" first when verbose. */
    int each(List<String> given, boolean verboseByDefault, java.util.function.BiConsumer<BoardFiles, String> op) {
        BoardFiles f = files();
        boolean v = verbose(verboseByDefault);
        for (String path : boardPaths(given)) {
            if (v) {
                out().println(spec.name() + " :" + path);
                out().flush();
            }
            op.accept(f, path);
        }
        out().flush();
        return 0;
    }
}
