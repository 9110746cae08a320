package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.serial.SerialPorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/**
 * main() builds only the command it is asked for and prints a bare --help from the text the build
 * rendered (start-up, issue 13). Whatever it is asked, it answers as the whole command tree does:
 * same output, same errors, same exit codes.
 */
class LazyCommandLineTest {

    private static final SerialPorts NO_PORTS = new SerialPorts(List::of);

    @Test
    void everyCommandIsListedUnderItsOwnName() {
        UsslLab.commands().forEach((name, cls) -> {
            Command c = cls.getAnnotation(Command.class);
            assertEquals(name, c.name(), cls.getName());
            // launch() finds a command by its name only: an alias would send it down the slow path
            assertEquals(0, c.aliases().length, cls.getName() + ": add its aliases to UsslLab.commands()");
        });
    }

    @Test
    void theBuildsUsageIsWhatPicocliPrintsNow() {
        String plain = PrebuiltUsage.read(PrebuiltUsage.PLAIN);
        String ansi = PrebuiltUsage.read(PrebuiltUsage.ANSI);
        assertNotNull(plain, "usage.txt is written by the build (mvn process-classes)");
        assertNotNull(ansi, "usage-ansi.txt is written by the build (mvn process-classes)");
        assertEquals(PrebuiltUsage.render(Ansi.OFF), plain, "rebuild: a command or its description changed");
        assertEquals(PrebuiltUsage.render(Ansi.ON), ansi, "rebuild: a command or its description changed");
        assertTrue(plain.startsWith("Usage: ussl-lab"), plain);
        assertTrue(ansi.contains("\u001B["), "the ANSI text has styles");
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("device"), launched("device", "--port", "1").getSubcommands().keySet());
        assertEquals(Set.of("board"), launched("board", "ls").getSubcommands().keySet());
        // the top level is shown: every command is listed
        assertEquals(UsslLab.commands().keySet(), launched("--version").getSubcommands().keySet());
        assertEquals(UsslLab.commands().keySet(), launched("help", "device").getSubcommands().keySet());
    }

    @Test
    void mainAnswersAsTheWholeCommandTree() {
        List<List<String>> cases = new ArrayList<>(List.of(
                List.of(), List.of("--help"), List.of("-h"), List.of("help"), List.of("--version"), List.of("-V"),
                List.of("-hV"), List.of("--help", "device"), List.of("devcie"), List.of("no-such-command"),
                List.of("--no-such-option"), List.of("help", "nope"), List.of("help", "board", "cp"),
                List.of("help", "--help"), List.of("--", "device"), List.of("@/nonexistent/ussl-lab-args"),
                List.of("board", "--no-such-option", "ls"), List.of("device", "--port", "0")));
        for (String name : UsslLab.commands().keySet()) {
            cases.add(List.of(name, "--help"));
            cases.add(List.of(name, "-h"));
            cases.add(List.of(name, "--no-such-option-xyz"));
            cases.add(List.of("help", name));
        }
        // One whole tree for all (building it is most of the cost); fresh writers for each run.
        CommandLine whole = UsslLab.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), NO_PORTS);
        List<String> differ = new ArrayList<>();
        for (List<String> args : cases) {
            String[] a = args.toArray(new String[0]);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = UsslLab.run(a, new PrintWriter(out, true), new PrintWriter(err, true), NO_PORTS);
            Cli lazy = new Cli(code, out.toString(), err.toString());
            Cli all = run(whole, a);
            if (lazy.exitCode != all.exitCode || !lazy.out.equals(all.out) || !lazy.err.equals(all.err)) {
                differ.add(String.join(" ", args) + "\n  main: " + lazy + "\n  whole tree: " + all);
            }
        }
        assertTrue(differ.isEmpty(), String.join("\n", differ));
    }

    private static CommandLine launched(String... args) {
        PrintWriter none = new PrintWriter(new StringWriter());
        return UsslLab.launch(args, none, none, NO_PORTS);
    }

    private static Cli run(CommandLine cmd, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
