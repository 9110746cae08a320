package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board ls [DIR]}: list a directory on the board, sizes first, as mpremote's ls does. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List DIR on the board (default /): size and name, directories end in /.")
public final class BoardLs implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "DIR", defaultValue = "/", arity = "0..1", description = "board directory (default: /)")
    String dir;

    @Override
    public Integer call() {
        var entries = board.inRawRepl(repl -> new BoardFiles(repl).ls(dir));
        var out = spec.commandLine().getOut();
        for (BoardFiles.Entry e : entries) {
            out.printf("%12d %s%s%n", e.size(), e.name(), e.dir() ? "/" : "");
        }
        out.flush();
        return 0;
    }
}
