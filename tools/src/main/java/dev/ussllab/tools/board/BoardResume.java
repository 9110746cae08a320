package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code board resume}: mpremote's resume: the commands after it do not soft-reset the board first. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Keep the board's state: the commands after it skip the soft reset mpremote does on connecting.",
            "e.g. board exec \"x = 42\" then board resume eval x. Alone, it opens the REPL."})
public final class BoardResume implements Callable<Integer> {

    @ParentCommand
    BoardCommand board;

    @Override
    public Integer call() {
        board.session().resume();
        return 0;
    }
}
