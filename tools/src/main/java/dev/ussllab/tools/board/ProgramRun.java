package dev.ussllab.tools.board;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What {@code board exec} and {@code board run} share: their options, and how a program runs on the board. */
final class ProgramRun {

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "interrupt the program (Ctrl-C) if it runs longer (default: ${DEFAULT-VALUE})")
    double runTimeout;

    @Option(names = {"-f", "--follow"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "wait for the program and show its output (default); --no-follow only starts it, as mpremote")
    boolean follow;

    /** Runs {@code code} in the raw REPL: followed, its output shown as it comes and a traceback exit 1; or only started. */
    int run(BoardCommand board, String code, CommandSpec spec) {
        if (!follow) {
            board.inRawRepl(repl -> {
                repl.execNoFollow(code);
                return null;
            });
            return 0;
        }
        var out = spec.commandLine().getOut();
        var r = board.inRawRepl(repl -> repl.exec(code, BoardCommand.seconds(runTimeout, "--run-timeout"), new LiveText(out)));
        return ProgramReport.finish(r, spec.commandLine().getErr(), board.port());
    }
}
