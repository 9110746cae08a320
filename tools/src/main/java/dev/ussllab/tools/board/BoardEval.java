package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board eval EXPR}: as mpremote, runs print(EXPR) on the board. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate EXPR on the board and print it (runs print(EXPR)).")
public final class BoardEval implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "EXPR", description = "a Python expression, e.g. \"1 + 1\" or \"os.listdir()\"")
    String expr;

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "interrupt it (Ctrl-C) if it runs longer (default: ${DEFAULT-VALUE})")
    double runTimeout;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var r = board.inRawRepl(repl -> repl.exec("print(" + expr + ")", BoardCommand.seconds(runTimeout, "--run-timeout"), new LiveText(out)));
        return ProgramReport.finish(r, spec.commandLine().getErr(), board.port());
    }
}
