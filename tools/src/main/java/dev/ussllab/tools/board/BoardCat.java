package dev.ussllab.tools.board;

import dev.ussllab.device.repl.BoardFiles;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board cat FILE}: print a file from the board. */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Print FILE from the board (as UTF-8 text).")
public final class BoardCat implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "FILE", description = "board path, e.g. main.py")
    String file;

    @Override
    public Integer call() {
        byte[] data = board.inRawRepl(repl -> new BoardFiles(repl).read(file));
        spec.commandLine().getOut().print(new String(data, StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
