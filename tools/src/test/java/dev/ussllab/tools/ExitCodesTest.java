package dev.ussllab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The exit-code table of the README (0 ok, 1 failed, 2 bad usage, 130/143 interrupted): every
 * subcommand, found by walking picocli's command tree (so commands added later are covered
 * without touching this test), answers a bad option with exit 2 and exactly one line on stderr
 * naming the command as typed.
 */
class ExitCodesTest {

    @Test
    void everySubcommandAnswersABadOptionWithExitTwoAndOneLine() {
        CommandLine root = UsslLab.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<List<String>> paths = new ArrayList<>();
        walk(root, new ArrayList<>(), paths);
        assertTrue(paths.size() > 30, "the tree was walked: " + paths);
        List<String> wrong = new ArrayList<>();
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--no-such-option-xyz");
            // One command line for all (building it is most of the cost); fresh writers for each run.
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            root.setOut(new PrintWriter(out, true));
            root.setErr(new PrintWriter(err, true));
            int code = root.execute(args.toArray(new String[0]));
            Cli r = new Cli(code, out.toString(), err.toString());
            String prefix = "ussl-lab" + (path.isEmpty() ? "" : " " + String.join(" ", path)) + ": ";
            boolean ok = r.exitCode == 2 && r.err.lines().count() == 1 && r.err.startsWith(prefix)
                    && r.err.contains("--no-such-option-xyz") && r.out.isEmpty();
            if (!ok) {
                wrong.add(String.join(" ", args) + " -> " + r);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> into) {
        into.add(path);
        cmd.getSubcommands().forEach((name, sub) -> {
            // Aliases appear under each name; walk the primary name once.
            if (name.equals(sub.getCommandName())) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, into);
            }
        });
    }

    @Test
    void versionIsTheMavenVersionAndTheCommit() throws Exception {
        Cli r = Cli.run("--version");
        assertEquals(0, r.exitCode, r::toString);
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>ussl-lab-parent</artifactId>\\s*<version>([^<]+)</version>|<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find());
        String version = m.group(1) != null ? m.group(1) : m.group(2);
        String commit = git("rev-parse", "--short=12", "HEAD");
        assertEquals("ussl-lab " + version + (commit == null ? "" : " (git " + commit + ")") + "\n", r.out,
                "built from this checkout (rebuild if HEAD moved since the last compile)");
    }

    @Test
    void withoutGitTheVersionStandsAlone() {
        // What the build leaves when git is absent or the source is no checkout.
        assertNull(UsslLab.Version.built("${ussllab.git.commit}"));
        assertNull(UsslLab.Version.built(""));
        assertEquals("0.1.0", UsslLab.Version.built("0.1.0"));
    }

    private static String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
