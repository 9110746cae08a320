package dev.ussllab.tools;

import dev.ussllab.profile.LabException;
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
            CommandLine.HelpCommand.class,
            // core: demo, keygen, host, device, client
            DemoCommand.class,
            KeygenCommand.class,
            HostCommand.class,
            DeviceCommand.class,
            ClientCommand.class,
            ProbeCommand.class,

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

    /** Builds the command line with the project's error handling; tests call this in-process. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new UsslLab());
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
        err.println(commandPrefix(cmd) + ": " + ex.getMessage());
        err.println("Try '" + commandPrefix(cmd) + " --help' for more information.");
        err.flush();
        return EXIT_BAD_INPUT;
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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = UsslLab.class.getPackage().getImplementationVersion();
            return new String[] {"ussl-lab " + (v == null ? "(development build)" : v)};
        }
    }
}
