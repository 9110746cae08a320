package dev.ussllab.tools.board;

import dev.ussllab.device.repl.RawRepl;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialPorts;
import dev.ussllab.profile.LabException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ussl-lab board [--port PORT] SUB [+ SUB ...]}: drive MicroPython on a board over its
 * serial line (raw REPL), with mpremote's commands, its {@code :} for board paths and its
 * {@code +} chaining (one connection for the whole chain, see {@link BoardSession}).
 */
@Command(name = "board", mixinStandardHelpOptions = true,
        description = {"Drive MicroPython on a board (or the emulated one) over its serial line, as mpremote does.",
            "Board paths start with ':' (cp x.py :main.py). Chain commands with '+': cp main.py : + soft-reset + repl.",
            "Without a subcommand (or after only connect/resume) it opens the REPL, as mpremote does.",
            "--port may be left out when exactly one serial port is present."},
        subcommands = {BoardFs.class, BoardCp.class, BoardLs.class, BoardCat.class, BoardRm.class, BoardMkdir.class,
            BoardRmdir.class, BoardTouch.class, BoardSha256sum.class, BoardTree.class, BoardDf.class,
            BoardExec.class, BoardEval.class, BoardRun.class, BoardRepl.class, BoardSoftReset.class, BoardReset.class,
            BoardResume.class, BoardConnect.class, BoardDevs.class, BoardMount.class,
            BoardPut.class, BoardGet.class, BoardTlsClient.class})
public final class BoardCommand implements Callable<Integer> {

    /** MicroPython's ESP8266 REPL speed. */
    static final int DEFAULT_BAUD = 115200;

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "serial port (/dev/ttyUSB0, a socat pty) or socket://HOST:PORT; may be left out when one serial port is present")
    String port;

    @Option(names = "--baud", defaultValue = "" + DEFAULT_BAUD, description = "line speed (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long the board may stay silent when it should answer (default: ${DEFAULT-VALUE})")
    double timeoutSeconds;

    /** Shared by the commands of one chain; the command line's factory hands in its own. */
    private BoardSession session;

    public BoardCommand() {
        this(new BoardSession(SerialPorts.system()));
    }

    public BoardCommand(BoardSession session) {
        this.session = session;
    }

    /** mpremote with no command opens the REPL. */
    @Override
    public Integer call() throws Exception {
        return BoardRepl.terminal(session(), spec.commandLine().getOut(), spec.commandLine().getErr(), null);
    }

    /** The board command above any subcommand (board ls, board fs ls). */
    static BoardCommand of(CommandSpec sub) {
        for (CommandSpec s = sub; s != null; s = s.parent()) {
            if (s.userObject() instanceof BoardCommand b) {
                return b;
            }
        }
        throw new IllegalStateException(sub.qualifiedName() + " is not under board");
    }

    /** The session, set up with this command line's options. */
    BoardSession session() {
        session.configure(port, baud, timeout());
        return session;
    }

    /** The port in use, for messages. */
    String port() {
        return session().port();
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

    /** The open link (for the terminal and the friendly-REPL reset). */
    SerialLink open() {
        return session().friendly();
    }

    /** Runs body in the raw REPL (entered, with mpremote's first soft reset, if need be). */
    <T> T inRawRepl(Function<RawRepl, T> body) {
        return body.apply(session().raw());
    }
}
