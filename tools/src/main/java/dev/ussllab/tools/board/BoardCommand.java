package dev.ussllab.tools.board;

import dev.ussllab.device.repl.RawRepl;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ussl-lab board --port PORT SUB}: drive MicroPython on a board over its serial line (raw REPL). */
@Command(name = "board", mixinStandardHelpOptions = true,
        description = {"Drive MicroPython on a board (or the emulated one) over its serial line, as mpremote does.",
            "Run code, move files with verification, reset, open a terminal, run the seed's TLS client."},
        subcommands = {BoardExec.class, BoardRun.class, BoardLs.class, BoardCat.class, BoardPut.class, BoardGet.class,
            BoardRm.class, BoardMkdir.class, BoardReset.class, BoardRepl.class, BoardTlsClient.class})
public final class BoardCommand implements Runnable {

    /** MicroPython's ESP8266 REPL speed. */
    static final int DEFAULT_BAUD = 115200;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PORT",
            description = "serial port (/dev/ttyUSB0, a socat pty) or socket://HOST:PORT")
    String port;

    @Option(names = "--baud", defaultValue = "" + DEFAULT_BAUD, description = "line speed (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long the board may stay silent when it should answer (default: ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (exec, run, ls, cat, put, get, rm, mkdir, reset, repl, tls-client)");
    }

    Duration timeout() {
        return seconds(timeoutSeconds, "--timeout");
    }

    static Duration seconds(double s, String option) {
        if (!(s > 0) || s > 86_400) {
            throw LabException.badInput(option + " " + s + " is out of range", "use 0.1 to 86400 seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    SerialLink open() {
        if (baud <= 0) {
            throw LabException.badInput("--baud " + baud + " is not a line speed", "use e.g. 115200");
        }
        return SerialLinks.open(port, baud);
    }

    /** Opens the port, enters the raw REPL (interrupting what runs), runs body, leaves the raw REPL. */
    <T> T inRawRepl(Function<RawRepl, T> body) {
        Duration t = timeout();
        SerialLink link = open();
        try {
            RawRepl repl = new RawRepl(link, t);
            repl.enter();
            T result = body.apply(repl);
            repl.exit();
            return result;
        } finally {
            try {
                link.close();
            } catch (IOException e) {
                // closing a port that failed: the first error is the one to report
            }
        }
    }
}
