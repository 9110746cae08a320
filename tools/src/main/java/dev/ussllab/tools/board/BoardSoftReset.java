package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code board soft-reset}: mpremote's soft-reset: Ctrl-D in the raw REPL (boot.py runs, main.py does not). */
@Command(name = "soft-reset", mixinStandardHelpOptions = true,
        description = "Soft-reset MicroPython from the raw REPL, as mpremote: boot.py runs, main.py does not, variables are cleared.")
public final class BoardSoftReset implements Callable<Integer> {

    @ParentCommand
    BoardCommand board;

    @Override
    public Integer call() {
        board.session().softReset();
        return 0;
    }
}
