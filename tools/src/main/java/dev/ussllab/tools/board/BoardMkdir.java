package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board mkdir DIR}: make a directory on the board. */
@Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Make directory DIR on the board.")
public final class BoardMkdir implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "DIR", description = "board path")
    String dir;

    @Override
    public Integer call() {
        board.inRawRepl(repl -> {
            new BoardFiles(repl).mkdir(dir);
            return null;
        });
        spec.commandLine().getOut().println("made :" + dir + "/");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
