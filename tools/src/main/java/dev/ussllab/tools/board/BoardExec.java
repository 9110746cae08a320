package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "interrupt the program (Ctrl-C) if it runs longer (default: ${DEFAULT-VALUE})")
    double runTimeout;

    @Option(names = {"-f", "--follow"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "wait for the program and show its output (default); --no-follow only starts it, as mpremote")
    boolean follow;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (!follow) {
            board.inRawRepl(repl -> {
                repl.execNoFollow(code);
                return null;
            });
            return 0;
        }
        var r = board.inRawRepl(repl -> repl.exec(code, BoardCommand.seconds(runTimeout, "--run-timeout"), new LiveText(out)));
        return ProgramReport.finish(r, spec.commandLine().getErr(), board.port());
    }
}
