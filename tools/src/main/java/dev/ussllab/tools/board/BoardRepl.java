package dev.ussllab.tools.board;

import dev.ussllab.device.serial.SerialLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code board repl}: a terminal on the board's serial line. Keys go to the board as typed
 * (the terminal is put in raw mode when it is one); Ctrl-] leaves, as in mpremote and miniterm.
 */
@Command(name = "repl", mixinStandardHelpOptions = true, description = "Open a terminal on the board's REPL; Ctrl-] leaves.")
public final class BoardRepl implements Callable<Integer> {

    /** Ctrl-]: the exit key of mpremote and pySerial's miniterm. */
    static final int EXIT_KEY = 0x1d;
    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("Connected to MicroPython on " + board.port + "; Ctrl-] leaves.");
        err.flush();
        boolean tty = System.console() != null;
        if (tty) {
            stty("raw", "-echo");
        }
        try (SerialLink link = board.open()) {
            LiveText text = new LiveText(out);
            Thread fromBoard = new Thread(() -> copyFromBoard(link, text), "repl-from-board");
            fromBoard.setDaemon(true);
            fromBoard.start();
            link.write(new byte[] {'\r'}); // show a prompt
            copyKeys(System.in, link);
            fromBoard.interrupt();
        } finally {
            if (tty) {
                stty("sane");
            }
        }
        err.println();
        err.println("Left the REPL.");
        err.flush();
        return 0;
    }

    private static void copyKeys(InputStream keys, SerialLink link) throws IOException {
        int c;
        while ((c = keys.read()) >= 0 && c != EXIT_KEY) {
            // Enter on a terminal sends \r in raw mode; a piped \n becomes the \r the REPL wants.
            link.write(new byte[] {(byte) (c == '\n' ? '\r' : c)});
        }
    }

    private static void copyFromBoard(SerialLink link, LiveText text) {
        byte[] buf = new byte[1024];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int n = link.read(buf, 0, buf.length, POLL);
                if (n > 0) {
                    text.accept(java.util.Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            // the link closed: the terminal ends with the keys loop
        }
    }

    private static void stty(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "stty";
            System.arraycopy(args, 0, cmd, 1, args.length);
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        } catch (IOException e) {
            // no stty: keys arrive line by line, which still works
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
