package dev.ussllab.tools;

import dev.ussllab.device.serial.SerialPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code ussl-lab --help} as the build rendered it: picocli's usage of the whole command line,
 * written beside the classes by {@link #main} (tools/pom.xml, process-classes) in plain text and
 * with ANSI styles. Printing it costs a JVM start and one resource read, where building every
 * command's model to render it again cost most of a second (tools/BENCHMARKS.md).
 * LazyCommandLineTest checks that both texts equal what picocli renders now.
 */
final class PrebuiltUsage {

    static final String PLAIN = "usage.txt";
    static final String ANSI = "usage-ansi.txt";

    /** The arguments that print the top-level usage and nothing else. */
    private static final List<List<String>> TOP_LEVEL_HELP = List.of(List.of("--help"), List.of("-h"), List.of("help"));

    private PrebuiltUsage() {}

    /**
     * The usage to print for these arguments, or null when picocli is to answer: other arguments,
     * a picocli.* system property (width, colours, tracing), or a build without the texts.
     */
    static String forArguments(String[] args) {
        if (!TOP_LEVEL_HELP.contains(List.of(args))) {
            return null;
        }
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return null;
            }
        }
        // picocli's own choice (a terminal, NO_COLOR, CLICOLOR...), so the same text either way
        return read(Ansi.AUTO.enabled() ? ANSI : PLAIN);
    }

    /** A text the build wrote, or null (classes compiled without Maven). */
    static String read(String name) {
        try (InputStream in = PrebuiltUsage.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** picocli's usage of the whole command line, as --help prints it with these styles. */
    static String render(Ansi ansi) {
        StringWriter text = new StringWriter();
        PrintWriter none = new PrintWriter(new StringWriter());
        CommandLine cmd = UsslLab.commandLine(none, none, new SerialPorts(List::of));
        cmd.usage(new PrintWriter(text, true), ansi);
        return text.toString();
    }

    /** Writes both texts into the folder given (the build's classes/dev/ussllab/tools). */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.writeString(dir.resolve(PLAIN), render(Ansi.OFF), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ANSI), render(Ansi.ON), StandardCharsets.UTF_8);
    }
}
