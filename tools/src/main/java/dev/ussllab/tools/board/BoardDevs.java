package dev.ussllab.tools.board;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code board devs}: mpremote's devs (connect list): the serial ports present, one per line as
 * mpremote prints them: port, USB serial number, vid:pid, manufacturer, product (None and 0000
 * where sysfs has nothing, as for a built-in UART).
 */
@Command(name = "devs", mixinStandardHelpOptions = true,
        description = {"List the serial ports present as mpremote's devs does: PORT SERIAL VID:PID MANUFACTURER PRODUCT",
            "(None / 0000 where Linux knows nothing, e.g. a built-in UART). Pseudo-terminals (socat links) are never listed;",
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
        for (String p : ports) {
            out.println(s.ports().info(p).mpremoteLine());
        }
        out.flush();
        return 0;
    }
}
