package dev.ussllab.tools;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ussl-lab help [COMMAND...]}: the usage of a command ({@code help board cp}). Unlike
 * picocli's built-in help command it refuses an unknown option or command (exit 2), as every
 * command does.
 */
@Command(name = "help", mixinStandardHelpOptions = true, description = "Show the usage of ussl-lab or of COMMAND (e.g. help board cp).")
public final class HelpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "a command and subcommands, e.g. board cp")
    List<String> names = List.of();

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        for (String name : names) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "no command '" + name + "' under '" + target.getCommandSpec().qualifiedName(" ") + "'");
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        return 0;
    }
}
