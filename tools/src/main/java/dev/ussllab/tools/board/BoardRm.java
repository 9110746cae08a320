package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board rm FILE}: remove a file on the board. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove FILE on the board.")
public final class BoardRm implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "FILE", description = "board path")
    String file;

    @Override
    public Integer call() {
        board.inRawRepl(repl -> {
            new BoardFiles(repl).rm(file);
            return null;
        });
        spec.commandLine().getOut().println("removed :" + file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
