package dev.ussllab.tools.board;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.profile.LabException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code board repl}: a terminal on the board's serial line. Keys go to the board as typed; Ctrl-] or
 * Ctrl-X leaves, as in mpremote (miniterm has Ctrl-]).  On a terminal, it is put in raw mode (so Ctrl-C reaches the
 * board instead of ending this program), the board's bytes go to it untouched (the board's
 * "\r\n" and line-editing escapes are what a raw terminal needs), and its own settings are put
 * back on the way out.
 */
@Command(name = "repl", mixinStandardHelpOptions = true, description = "Open a terminal on the board's REPL; Ctrl-] or Ctrl-X leaves.")
public final class BoardRepl implements Callable<Integer> {

    /** Ctrl-]: the exit key of mpremote and pySerial's miniterm. */
    static final int EXIT_KEY = 0x1d;
    /** Ctrl-X: mpremote's other exit key. */
    static final int EXIT_KEY_X = 0x18;
    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @ParentCommand
    BoardCommand board;

    @Option(names = "--capture", paramLabel = "FILE",
            description = "also save what the board prints to FILE, as mpremote's repl --capture (complete even after Ctrl-C or SIGTERM)")
    Path capture;

    @Override
    public Integer call() throws Exception {
        return terminal(board.session(), spec.commandLine().getOut(), spec.commandLine().getErr(), capture);
    }

    /**
     * The terminal session. Stopped by a signal (SIGTERM, or SIGINT when the keys are not a
     * terminal's), it puts the terminal back, completes the capture file, says so in one line,
     * and the JVM exits 143 or 130 (128 + the signal), as for every ussl-lab command.
     */
    static int terminal(BoardSession session, PrintWriter out, PrintWriter err, Path capture) throws Exception {
        String port = session.port();
        OutputStream captureFile = null;
        if (capture != null) {
            try {
                captureFile = Files.newOutputStream(capture);
            } catch (IOException e) {
                throw LabException.badInput("cannot write the capture file " + capture + ": " + e.getMessage(), "check the folder and its permissions");
            }
        }
        SerialLink link = session.friendly();
        err.println("Connected to MicroPython on " + port + "; Ctrl-] or Ctrl-X leaves.");
        err.flush();
        // System.console() is non-null only when both stdin and stdout are a terminal.
        String saved = System.console() == null ? null : stty("-g");
        if (saved != null) {
            stty("raw", "-echo");
        }
        final OutputStream file = captureFile;
        Object lock = new Object();
        boolean[] finished = {false};
        Thread onSignal = new Thread(() -> {
            synchronized (lock) {
                if (finished[0]) {
                    return;
                }
                finished[0] = true;
                if (saved != null) {
                    stty(saved);
                }
                closeQuietly(file);
                err.println();
                err.println("ussl-lab board repl: stopped by a signal; left the REPL" + (capture != null ? " (" + capture + " is complete)" : ""));
                err.flush();
            }
        }, "board-repl-signal");
        Runtime.getRuntime().addShutdownHook(onSignal);
        IOException lost;
        try {
            Consumer<byte[]> screen = saved == null ? new LiveText(out) : rawTerminal();
            Consumer<byte[]> shown = file == null ? screen : bytes -> {
                screen.accept(bytes);
                synchronized (lock) {
                    if (!finished[0]) {
                        try {
                            file.write(bytes);
                            file.flush();
                        } catch (IOException e) {
                            // reported when the session ends: the capture could not be completed
                        }
                    }
                }
            };
            // Whichever side ends first ends the session: Ctrl-] (or the end of the keys), or the board's
            // line breaking (unplugged, bridge gone), which must not wait for the next key to be noticed.
            CompletableFuture<IOException> ended = new CompletableFuture<>();
            // Watched only when it is a file to watch (not socket://, not a Windows COM name).
            Path device = port.startsWith("socket://") || !Files.exists(Path.of(port)) ? null : Path.of(port);
            Consumer<byte[]> toScreen = session.mounted() ? remounting(session, shown) : shown;
            Thread fromBoard = daemon("repl-from-board", () -> copyFromBoard(link, device, toScreen), ended);
            link.write(new byte[] {'\r'}); // show a prompt
            daemon("repl-keys", () -> copyKeys(System.in, link), ended);
            lost = ended.get();
            fromBoard.interrupt();
            fromBoard.join(1000);
        } finally {
            synchronized (lock) {
                if (!finished[0]) {
                    finished[0] = true;
                    if (saved != null) {
                        stty(saved);
                    }
                    closeQuietly(file);
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // shutting down: the hook has done the work
            }
        }
        if (lost != null) {
            throw LabException.failure("lost the board on " + port + " during the REPL: " + lost.getMessage(),
                    "check that it is plugged in (or that the bridge still runs), then run `board repl` again");
        }
        err.println();
        err.println("Left the REPL.");
        err.flush();
        return 0;
    }

    private static void closeQuietly(OutputStream o) {
        if (o != null) {
            try {
                o.close();
            } catch (IOException e) {
                // the bytes written so far are on disk; nothing more to add
            }
        }
    }

    private interface LinkWork {
        void run() throws IOException;
    }

    /** Runs work on a daemon thread; its end (null, or the link's failure) completes {@code ended}. */
    private static Thread daemon(String name, LinkWork work, CompletableFuture<IOException> ended) {
        Thread t = new Thread(() -> {
            try {
                work.run();
                ended.complete(null);
            } catch (IOException e) {
                ended.complete(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copyKeys(InputStream keys, SerialLink link) throws IOException {
        int c;
        while ((c = keys.read()) >= 0 && c != EXIT_KEY && c != EXIT_KEY_X) {
            // Enter on a terminal sends \r in raw mode; a piped \n becomes the \r the REPL wants.
            link.write(new byte[] {(byte) (c == '\n' ? '\r' : c)});
        }
    }

    /**
     * Shows the board's output until interrupted (the session ended) or the link breaks. A quiet
     * line is also checked for its device node: a USB adapter pulled out, or socat ended, removes
     * it, while jssc's read on a hung-up pseudo-terminal neither returns nor fails.
     */
    private static void copyFromBoard(SerialLink link, Path device, Consumer<byte[]> text) throws IOException {
        byte[] buf = new byte[1024];
        while (!Thread.currentThread().isInterrupted()) {
            int n = link.read(buf, 0, buf.length, POLL);
            if (n > 0) {
                text.accept(java.util.Arrays.copyOf(buf, n));
            } else if (device != null && !Files.exists(device)) {
                throw new IOException(device + " is gone (unplugged, or the program behind it ended)");
            }
        }
    }

    /** How much of the board's latest output is kept to notice a soft reboot. */
    private static final int TAIL = 512;

    /**
     * The board's output, watched for a soft reboot while a folder is mounted: once the board is
     * back at its prompt, the folder is mounted again, as mpremote does after Ctrl-D in its REPL.
     * Runs on the thread that reads the board, so the remount has the line to itself.
     */
    static Consumer<byte[]> remounting(BoardSession session, Consumer<byte[]> shown) {
        StringBuilder tail = new StringBuilder();
        return bytes -> {
            shown.accept(bytes);
            tail.append(new String(bytes, StandardCharsets.ISO_8859_1));
            if (tail.length() > TAIL) {
                tail.delete(0, tail.length() - TAIL);
            }
            int reboot = tail.lastIndexOf("MPY: soft reboot\r\n");
            if (reboot >= 0 && tail.indexOf("\r\n>>> ", reboot) >= 0 && tail.toString().endsWith(">>> ")) {
                tail.setLength(0);
                try {
                    session.remount();
                    shown.accept(("\r\nRemount local directory " + session.mountedRoot() + " at " + BoardSession.MOUNT_POINT
                            + "\r\n>>> ").getBytes(StandardCharsets.UTF_8));
                } catch (LabException e) {
                    shown.accept(("\r\nWarning: Could not remount local filesystem (" + e.getMessage() + ")\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        };
    }

    /** The board's bytes straight to the terminal, not through a character encoding. */
    private static Consumer<byte[]> rawTerminal() {
        OutputStream tty = new FileOutputStream(FileDescriptor.out);
        return bytes -> {
            try {
                tty.write(bytes);
                tty.flush();
            } catch (IOException e) {
                // the terminal went away: nothing left to show it on
            }
        };
    }

    /** Runs stty on our terminal; its output (the settings, for -g), or null when stty failed. */
    private static String stty(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 ? said : null;
        } catch (IOException e) {
            return null; // no stty: keys arrive line by line, which still works
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
