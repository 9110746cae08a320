package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code board ls [:DIR]...}: mpremote's ls: "ls :DIR", then size (12 wide) and name, directories end in '/'. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List board directories (default: the current one): size and name, directories end in /.")
public final class BoardLs extends FsCommand {

    @Parameters(paramLabel = ":DIR", arity = "0..*", description = "board directories (default: the current one)")
    List<String> dirs = new ArrayList<>();

    @Override
    public Integer call() {
        board().session().didAction();
        return each(dirs.isEmpty() ? List.of("") : dirs, true, (f, dir) -> {
            for (BoardFiles.Entry e : f.ls(dir)) {
                out().printf("%12d %s%s%n", e.size(), e.name(), e.dir() ? "/" : "");
            }
        });
    }
}
