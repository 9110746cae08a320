package dev.ussllab.tools;

import dev.ussllab.device.serial.SerialPorts;
import dev.ussllab.profile.LabException;
import dev.ussllab.tools.board.BoardChain;
import dev.ussllab.tools.board.BoardCommand;
import dev.ussllab.tools.board.BoardSession;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ussl-lab command line. Each subcommand is one class; errors are mapped to exit codes here
 * and nowhere else: 0 ok, 1 failure, 2 bad usage or input.
 */
@Command(
        name = "ussl-lab",
        mixinStandardHelpOptions = true,
        versionProvider = UsslLab.Version.class,
        description = "See inside the TLS an ESP8266 running MicroPython speaks.",
        subcommands = {
            HelpCommand.class,
            // core: demo, keygen, host, device, client
            DemoCommand.class,
            KeygenCommand.class,
            HostCommand.class,
            DeviceCommand.class,
            ClientCommand.class,
            ProbeCommand.class,
            BridgeCommand.class,
            FleetCommand.class,

            // see inside: capture, decrypt
            dev.ussllab.tools.capture.CaptureCommand.class,
            dev.ussllab.tools.decrypt.DecryptCommand.class,

            // compare ClientHellos: ciphers, hello, compare
            dev.ussllab.tools.hello.CiphersCommand.class,
            dev.ussllab.tools.hello.HelloCommand.class,
            dev.ussllab.tools.hello.CompareCommand.class,

            // flashing: flash, ports, board-emulator
            dev.ussllab.tools.flash.FlashCommand.class,
            dev.ussllab.tools.flash.PortsCommand.class,
            dev.ussllab.tools.flash.BoardEmulatorCommand.class,

            // MicroPython over serial: board
            dev.ussllab.tools.board.BoardCommand.class,

        })
public final class UsslLab implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * Builds the command line with the project's error handling; tests call this in-process. Its
     * execute() also runs mpremote-style board chains ({@code board cp x.py : + soft-reset + repl})
     * over one connection.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, SerialPorts.system());
    }

    /** As {@link #commandLine(PrintWriter, PrintWriter)}, with the serial ports `board` sees (tests). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, SerialPorts ports) {
        BoardSession session = new BoardSession(ports);
        CommandLine cmd = new BoardChain(new UsslLab(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == BoardCommand.class) {
                    return cls.cast(new BoardCommand(session));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        }, session);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(UsslLab::exitCodeOf);
        cmd.setExecutionExceptionHandler(UsslLab::handleExecutionException);
        cmd.setParameterExceptionHandler(UsslLab::handleParameterException);
        return cmd;
    }

    static int exitCodeOf(Throwable t) {
        if (t instanceof LabException e) {
            return e.exitCode();
        }
        if (t instanceof CommandLine.ParameterException) {
            return EXIT_BAD_INPUT;
        }
        return EXIT_FAILURE;
    }

    /** USSL_LAB_VERBOSE (any value) adds the stack trace under the one-line error. */
    private static boolean verbose() {
        return System.getenv("USSL_LAB_VERBOSE") != null;
    }

    private static int handleExecutionException(
            Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof LabException e) {
            err.println(commandPrefix(cmd) + ": " + e.oneLine());
        } else {
            err.println(commandPrefix(cmd) + ": internal error: " + ex
                    + " (set USSL_LAB_VERBOSE=1 for the stack trace and report it)");
        }
        if (verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(ex);
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        // One line, as every error: what was wrong, then where the usage is.
        String message = String.valueOf(ex.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
        // picocli reports a missing parameter before an unknown option; the typo is what to fix first.
        if (!(ex instanceof CommandLine.UnmatchedArgumentException) && !cmd.getUnmatchedArguments().isEmpty()) {
            message = "Unknown option or argument: '" + String.join("', '", cmd.getUnmatchedArguments()) + "'; " + message;
        }
        err.println(commandPrefix(cmd) + ": " + message + didYouMean(ex) + " (see '" + commandPrefix(cmd) + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /**
     * "; did you mean write-flash?" for a mistyped subcommand or option: the known name (aliases
     * count, the main spelling is named) at the smallest edit distance, if it is close enough.
     */
    static String didYouMean(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty() || ex.getCommandLine() == null) {
            return "";
        }
        String typed = u.getUnmatched().get(0);
        String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        java.util.Map<String, String> known = new java.util.LinkedHashMap<>();
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (word.startsWith("-")) {
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                for (String n : o.names()) {
                    known.put(n, o.longestName());
                }
            }
        } else {
            ex.getCommandLine().getSubcommands().forEach((name, sub) -> known.put(name, sub.getCommandName()));
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (var e : known.entrySet()) {
            int d = editDistance(word.toLowerCase(java.util.Locale.ROOT), e.getKey().toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getValue();
            }
        }
        return best != null && bestDistance <= Math.max(2, word.length() / 3) ? "; did you mean " + best + "?" : "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** "ussl-lab board exec": the command as the user typed it, for error lines. */
    private static String commandPrefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName(" ");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The Maven project version and, when built from a git checkout, the commit (filtered into version.properties at build time). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Properties p = new java.util.Properties();
            try (var in = UsslLab.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // a jar without the file: the fallback below
            }
            String version = built(p.getProperty("version"));
            String commit = built(p.getProperty("commit"));
            if (version == null) {
                return new String[] {"ussl-lab (development build: run from classes not built by Maven)"};
            }
            return new String[] {"ussl-lab " + version + (commit == null ? "" : " (git " + commit + ")")};
        }

        /** A value Maven filled in, or null (unset, empty, or the placeholder left when git was absent). */
        static String built(String v) {
            return v == null || v.isBlank() || v.contains("${") ? null : v.trim();
        }
    }
}
