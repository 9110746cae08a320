package dev.ussllab.tools;

import dev.ussllab.device.serial.SerialPorts;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.UserText;
import dev.ussllab.tools.board.BoardChain;
import dev.ussllab.tools.board.BoardCommand;
import dev.ussllab.tools.board.BoardSession;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The ussl-lab command line. Each subcommand is one class; errors are mapped to exit codes here
 * and nowhere else: 0 ok, 1 failure, 2 bad usage or input.
 */
@Command(
        name = "ussl-lab",
        mixinStandardHelpOptions = true,
        versionProvider = UsslLab.Version.class,
        description = "See inside the TLS an ESP8266 running MicroPython speaks.")
// No subcommands = {...} here: commands() lists them, commandLine() adds them all and launch() only
// the one the command line names (building every command's model is most of a short run's start-up).
public final class UsslLab implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * The subcommands by name, in the order the usage lists them. Each key is its class's
     * {@code @Command} name (LazyCommandLineTest checks): a look-up here finds the one command a
     * command line names without reading every command's annotations. A method, not a constant:
     * naming a class loads it (nothing in it runs), which is cheap, but only needed here.
     */
    static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("help", HelpCommand.class);
        // core: demo, keygen, host, device, client
        m.put("demo", DemoCommand.class);
        m.put("keygen", KeygenCommand.class);
        m.put("host", HostCommand.class);
        m.put("device", DeviceCommand.class);
        m.put("client", ClientCommand.class);
        m.put("probe", ProbeCommand.class);
        m.put("bridge", BridgeCommand.class);
        m.put("fleet", FleetCommand.class);

        // see inside: capture, decrypt
        m.put("capture", dev.ussllab.tools.capture.CaptureCommand.class);
        m.put("decrypt", dev.ussllab.tools.decrypt.DecryptCommand.class);

        // compare ClientHellos: ciphers, hello, compare
        m.put("ciphers", dev.ussllab.tools.hello.CiphersCommand.class);
        m.put("hello", dev.ussllab.tools.hello.HelloCommand.class);
        m.put("compare", dev.ussllab.tools.hello.CompareCommand.class);

        // flashing: flash, ports, board-emulator
        m.put("flash", dev.ussllab.tools.flash.FlashCommand.class);
        m.put("ports", dev.ussllab.tools.flash.PortsCommand.class);
        m.put("board-emulator", dev.ussllab.tools.flash.BoardEmulatorCommand.class);

        // MicroPython over serial: board
        m.put("board", BoardCommand.class);
        return m;
    }

    /**
     * Builds the command line with the project's error handling and every subcommand; tests call
     * this in-process. Its execute() also runs mpremote-style board chains ({@code board cp x.py :
     * + soft-reset + repl}) over one connection.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, SerialPorts.system());
    }

    /** As {@link #commandLine(PrintWriter, PrintWriter)}, with the serial ports `board` sees (tests). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, SerialPorts ports) {
        return build(out, err, ports, commands(), name -> true);
    }

    /**
     * What main() does with these arguments, in-process: the usage the build rendered
     * ({@link PrebuiltUsage}) for a bare {@code --help}, else {@link #launch}'s command line.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, SerialPorts ports) {
        String usage = PrebuiltUsage.forArguments(args);
        if (usage != null) {
            out.print(usage);
            out.flush();
            return EXIT_OK;
        }
        return launch(args, out, err, ports).execute(args);
    }

    /**
     * The command line main() runs for these arguments: as {@link #commandLine}, but only the
     * command they name is built. Building picocli's model of every command (reflection over each
     * option of 18 commands and their subcommands) was most of a short command's start-up.
     *
     * <p>When the first argument names a command, the top level is never shown (picocli hands the
     * rest to that command), so the others are left out. Otherwise (--help, --version, a typo, no
     * command, help [COMMAND]) the others stand in as their names and descriptions, read from
     * their {@code @Command}: all the top-level usage, the did-you-mean hint and the error lines
     * use. Same output and exit codes as the whole tree (LazyCommandLineTest).
     */
    static CommandLine launch(String[] args, PrintWriter out, PrintWriter err, SerialPorts ports) {
        Map<String, Class<?>> commands = commands();
        String first = args.length > 0 ? args[0] : "";
        if (commands.containsKey(first) && !first.equals("help")) {
            return build(out, err, ports, Map.of(first, commands.get(first)), name -> true);
        }
        if (first.startsWith("@")) {
            // picocli's @argument-file: the command is inside the file, known only after parsing
            return commandLine(out, err, ports);
        }
        // help COMMAND shows the usage of COMMAND's model: that one is built
        String asked = first.equals("help") && args.length > 1 ? args[1] : null;
        return build(out, err, ports, commands, name -> name.equals("help") || name.equals(asked));
    }

    /** The command line with these commands, built in full where {@code real} says, else listed only. */
    private static CommandLine build(PrintWriter out, PrintWriter err, SerialPorts ports,
            Map<String, Class<?>> commands, Predicate<String> real) {
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
        // Before the settings below, which picocli hands down to the subcommands present.
        commands.forEach((name, cls) -> cmd.addSubcommand(real.test(name) ? cls : listedOnly(cls)));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(UsslLab::exitCodeOf);
        cmd.setExecutionExceptionHandler(UsslLab::handleExecutionException);
        cmd.setParameterExceptionHandler(UsslLab::handleParameterException);
        return cmd;
    }

    /** A command as the top-level usage lists it: names and description, no options, never run. */
    private static CommandLine listedOnly(Class<?> cls) {
        Command c = cls.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.create().name(c.name()).aliases(c.aliases());
        spec.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
        return new CommandLine(spec);
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
            err.println(commandPrefix(cmd) + ": " + UserText.clean(e.oneLine()));
        } else {
            err.println(commandPrefix(cmd) + ": internal error: " + UserText.of(ex)
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
        err.println(commandPrefix(cmd) + ": " + UserText.clean(message) + didYouMean(ex) + " (see '" + commandPrefix(cmd) + " --help')");
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
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
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
        if (args.length > 0 && args[0].equals("decrypt")) {
            dev.ussllab.tools.decrypt.DecryptCommand.startEarly(args); // its provider and key log load beside picocli
        }
        PrintWriter out = new BytePrintWriter(System.out); // as new PrintWriter(System.out, true), and takes bytes
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err, SerialPorts.system());
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
