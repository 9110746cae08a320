package dev.ussllab.tools.board;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board devs}: mpremote's devs (connect list): the serial ports present, one per line. */
@Command(name = "devs", mixinStandardHelpOptions = true,
        description = {"List the serial ports present (mpremote's devs). Pseudo-terminals (socat links) are never listed;",
            "`ussl-lab ports PATH` says what a path is."})
public final class BoardDevs implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Override
    public Integer call() {
        return list(board.session(), spec.commandLine().getOut());
    }

    static int list(BoardSession s, PrintWriter out) {
        s.didAction();
        List<String> ports = s.ports().present();
        if (ports.isEmpty()) {
            out.println("No serial ports found (pseudo-terminals such as socat links are not listed; pass them to --port).");
        }
        ports.forEach(out::println);
        out.flush();
        return 0;
    }
}
