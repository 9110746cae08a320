package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code board df}: mpremote's df (its own program, run on the board): size, used, free per volume. */
@Command(name = "df", mixinStandardHelpOptions = true, description = "Show the board's filesystem size, used and free bytes (mpremote's df).")
public final class BoardDf implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Override
    public Integer call() {
        String table = board.inRawRepl(repl -> new dev.ussllab.device.repl.BoardFiles(repl).df());
        spec.commandLine().getOut().print(LiveText.text(table));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
