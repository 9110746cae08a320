package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board exec CODE}: run Python code on the board, showing its output as it comes. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run CODE on the board; a traceback fails the command (exit 1).")
public final class BoardExec implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "CODE", description = "Python statements, e.g. \"import os; print(os.listdir())\"")
    String code;

    @Mixin
    ProgramRun program;

    @Override
    public Integer call() {
        return program.run(board, code, spec);
    }
}
