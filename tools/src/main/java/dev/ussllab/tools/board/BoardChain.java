package dev.ussllab.tools.board;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line, plus mpremote's chaining for {@code board}: {@code board [OPTIONS] A + B + C}
 * runs A, B and C one after the other over one connection ({@link BoardSession}), stopping at
 * the first that fails; the board's options before A apply to all. When only connect or resume
 * ran, the REPL opens at the end, as mpremote does.
 */
public final class BoardChain extends CommandLine {

    /** mpremote's command terminator. */
    static final String SEPARATOR = "+";

    private final BoardSession session;

    public BoardChain(Object command, IFactory factory, BoardSession session) {
        super(command, factory);
        this.session = session;
    }

    @Override
    public int execute(String... args) {
        try {
            if (args.length == 0 || !args[0].equals("board")) {
                return super.execute(args);
            }
            List<List<String>> segments = segments(args);
            int code = 0;
            for (List<String> segment : segments) {
                code = super.execute(segment.toArray(new String[0]));
                if (code != 0) {
                    return code;
                }
            }
            if (session.replAtEnd()) {
                List<String> repl = new ArrayList<>(segments.get(0).subList(0, boardOptionsEnd(args)));
                repl.add("repl");
                code = super.execute(repl.toArray(new String[0]));
            }
            return code;
        } finally {
            session.close();
        }
    }

    /**
     * "board --port P a x + b + c" -> [board --port P a x], [board --port P b], [board --port P c].
     * As in mpremote (argparse's REMAINDER after each command's own arguments), '+' may be left
     * out after a command whose arguments are all given: "board exec 'x = 1' eval x".
     */
    List<List<String>> segments(String[] args) {
        int optionsEnd = boardOptionsEnd(args);
        CommandSpec board = getSubcommands().get("board").getCommandSpec();
        List<String> head = Arrays.asList(args).subList(0, optionsEnd);
        List<List<String>> segments = new ArrayList<>();
        List<String> current = new ArrayList<>(head);
        CommandSpec command = null;
        int positionals = 0;
        for (int i = optionsEnd; i < args.length; i++) {
            String a = args[i];
            if (a.equals(SEPARATOR)) {
                if (current.size() > head.size()) {
                    segments.add(current);
                }
                current = new ArrayList<>(head);
                command = null;
                continue;
            }
            CommandLine sub = command == null ? board.subcommands().get(a) : null;
            if (command != null && !a.startsWith("-") && positionals >= maxPositionals(command)
                    && board.subcommands().containsKey(a) && command.subcommands().isEmpty()) {
                segments.add(current);
                current = new ArrayList<>(head);
                sub = board.subcommands().get(a);
                command = null;
            }
            current.add(a);
            if (command == null && sub != null) {
                command = sub.getCommandSpec();
                positionals = 0;
            } else if (command != null && !command.subcommands().isEmpty() && command.subcommands().containsKey(a)) {
                command = command.subcommands().get(a).getCommandSpec(); // fs cp
                positionals = 0;
            } else if (command != null && a.startsWith("-") && a.length() > 1) {
                OptionSpec o = command.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
                if (o != null && !a.contains("=") && !o.typeInfo().isBoolean() && o.arity().min() > 0 && i + 1 < args.length) {
                    current.add(args[++i]);
                }
            } else if (command != null) {
                positionals++;
            }
        }
        if (current.size() > head.size() || segments.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    private static int maxPositionals(CommandSpec command) {
        int max = 0;
        for (var p : command.positionalParameters()) {
            if (p.arity().isUnspecified() || p.arity().max() == Integer.MAX_VALUE) {
                return p.arity().isUnspecified() && !p.isMultiValue() ? max + 1 : Integer.MAX_VALUE;
            }
            max += p.arity().max();
        }
        return max;
    }

    /** Index just past "board" and its own options (--port P, --baud=N, ...), using picocli's model of them. */
    int boardOptionsEnd(String[] args) {
        CommandSpec board = getSubcommands().get("board").getCommandSpec();
        int i = 1;
        while (i < args.length && args[i].startsWith("-") && !args[i].equals(SEPARATOR)) {
            String name = args[i].contains("=") ? args[i].substring(0, args[i].indexOf('=')) : args[i];
            OptionSpec option = board.findOption(name);
            boolean takesValue = option != null && !option.typeInfo().isBoolean() && !args[i].contains("=")
                    && option.arity().max() > 0;
            i += takesValue ? 2 : 1;
        }
        return Math.min(i, args.length);
    }
}
