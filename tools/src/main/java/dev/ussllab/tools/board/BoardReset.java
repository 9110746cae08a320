package dev.ussllab.tools.board;

import dev.ussllab.device.repl.RawRepl;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board reset}: soft reboot in the friendly REPL, so boot.py and main.py run; shows what they print. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Soft-reboot MicroPython (Ctrl-D at the >>> prompt): boot.py and main.py run; prints their output.")
public final class BoardReset implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to watch boot.py/main.py before interrupting them (default: ${DEFAULT-VALUE})")
    double runTimeout;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        try (var link = board.open()) {
            RawRepl repl = new RawRepl(link, board.timeout());
            repl.softResetRunningMain(BoardCommand.seconds(runTimeout, "--run-timeout"), new LiveText(out));
        }
        out.println("(soft reboot done; the board is at the >>> prompt)");
        out.flush();
        return 0;
    }
}
