package dev.ussllab.tools.board;

import dev.ussllab.device.repl.ExecResult;
import dev.ussllab.device.repl.SeedClientScript;
import dev.ussllab.profile.LabException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code board tls-client}: the seed's usslclient.py on the board with these parameters. Prints
 * what the board prints, in the format of {@code ussl-lab device}, so the two compare line by line.
 */
@Command(name = "tls-client", mixinStandardHelpOptions = true,
        description = {"Run the seed's usslclient.py on the board (connect, wrap_socket, write, read(1024), close).",
            "Prints the board's Sent/Received lines, or its error line (exit 1), as `ussl-lab device` does."})
public final class BoardTlsClient implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Option(names = "--host", required = true, description = "server address as the board reaches it")
    String host;

    @Option(names = "--port", required = true, description = "server TCP port")
    int port;

    @Option(names = "--message", defaultValue = "Hello Python TLS/SSL Server!",
            description = "what to send; a newline is appended (default: ${DEFAULT-VALUE})")
    String message;

    @Option(names = "--server-hostname", paramLabel = "NAME", description = "wrap_socket(server_hostname=NAME): sent as SNI")
    String serverHostname;

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "interrupt the client (Ctrl-C) if it runs longer, e.g. against a server that never closes (default: ${DEFAULT-VALUE})")
    double runTimeout;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw LabException.badInput("--port " + port + " is not a TCP port", "use 1-65535");
        }
        if (message.contains("\n")) {
            throw LabException.badInput("--message contains a newline", "the newline that ends the message is added for you");
        }
        String script = SeedClientScript.of(host, port, message, serverHostname);
        ExecResult r = board.inRawRepl(repl -> repl.exec(script, BoardCommand.seconds(runTimeout, "--run-timeout"), null));
        PrintWriter out = spec.commandLine().getOut();
        out.print(LiveText.text(r.stdout()));
        if (!r.failed()) {
            out.flush();
            return 0;
        }
        // What `ussl-lab device` prints for a failure is the board's exception line.
        out.println(r.errorLine());
        out.flush();
        throw LabException.failure("the board's TLS client failed: " + r.errorLine(),
                "run `ussl-lab device` against the same server for the error in plain words");
    }
}
