package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code board reset}: mpremote's reset, a hard reset by the board's own {@code machine.reset()}
 * (sent with exec --no-follow). Then, unlike mpremote, it waits for the board to come back and
 * shows what boot.py and main.py print, so {@code reset + ls} works and main.py's output is seen.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Hard-reset the board with machine.reset(), as mpremote; then show what boot.py and main.py print",
            "until the >>> prompt (a main.py still running after --run-timeout is interrupted)."})
public final class BoardReset implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to watch boot.py/main.py before interrupting them (default: ${DEFAULT-VALUE})")
    double runTimeout;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var watch = BoardCommand.seconds(runTimeout, "--run-timeout");
        board.inRawRepl(repl -> {
            // mpremote's reset: "import time, machine; time.sleep_ms(100); machine.reset()" with --no-follow.
            repl.execNoFollow("import time, machine; time.sleep_ms(100); machine.reset()");
            repl.awaitBoot(watch, new LiveText(out));
            return null;
        });
        out.println("(hard reset done; the board is at the >>> prompt)");
        out.flush();
        return 0;
    }
}
