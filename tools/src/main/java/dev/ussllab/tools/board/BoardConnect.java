package dev.ussllab.tools.board;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code board connect PORT|list|auto}: mpremote's connect; the commands after it use PORT. Alone, it opens the REPL. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Use PORT for the commands after it (connect /dev/ttyUSB0 + ls); 'list' lists ports (as devs),",
            "'auto' takes the only serial port present, port:PATH is PATH. Alone, it opens the REPL, as in mpremote."})
public final class BoardConnect implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Parameters(paramLabel = "PORT", description = "a port, socket://HOST:PORT, list, auto or port:PATH")
    String device;

    @Override
    public Integer call() {
        BoardSession s = board.session();
        if (device.equals("list")) {
            return BoardDevs.list(s, spec.commandLine().getOut());
        }
        String p = device.equals("auto") ? s.ports().onlyOne("connect auto") : device.startsWith("port:") ? device.substring(5) : device;
        s.connect(p);
        return 0;
    }
}
