package dev.ussllab.tools.flash;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import jssc.SerialPortList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ussl-lab ports}: the serial ports present, with the stable /dev/serial/by-id names; or,
 * given paths (a socat pty link such as /tmp/ttyESP, which no list shows), what each one is.
 */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = {"List the serial ports present (jssc's list plus the /dev/serial/by-id names that point at them).",
            "Given PORTs (e.g. a socat link /tmp/ttyESP), say what each is and how to flash through it."})
public final class PortsCommand implements Callable<Integer> {

    /** udev's stable names for USB serial adapters (e.g. usb-Silicon_Labs_CP2102_...-if00-port0). */
    static final Path BY_ID = Path.of("/dev/serial/by-id");
    /** st_mode file type bits (POSIX S_IFMT / S_IFCHR): serial ports are character devices. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    static final String NONE_FOUND = "No serial ports found. Plug the board in (a CP2102/CH340 adapter shows up as /dev/ttyUSB0),"
            + " or use socket://HOST:PORT for a TCP bridge. Pseudo-terminals (socat pty,link=/tmp/ttyESP) are never listed:"
            + " pass the link to --port, or to `ussl-lab ports` to check it.";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PORT", description = "Paths to describe instead of listing, e.g. /tmp/ttyESP.")
    List<Path> given = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!given.isEmpty()) {
            given.forEach(p -> out.println(describe(p)));
            return 0;
        }
        String[] names;
        try {
            names = SerialPortList.getPortNames();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            names = new String[0];
            spec.commandLine().getErr().println("Warning: jssc could not list ports (" + e.getMessage() + "); showing /dev/serial/by-id only.");
        }
        listing(names, byId()).forEach(out::println);
        return 0;
    }

    /** The serial ports present (jssc's list and what /dev/serial/by-id points at), for commands whose --port may be omitted. */
    public static List<String> presentPorts() {
        TreeMap<String, Boolean> ports = new TreeMap<>();
        try {
            for (String n : SerialPortList.getPortNames()) {
                ports.put(n, true);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // no native jssc here: by-id alone
        }
        if (Files.isDirectory(BY_ID)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(BY_ID)) {
                for (Path link : ds) {
                    ports.put(link.toRealPath().toString(), true);
                }
            } catch (IOException e) {
                // unreadable: what jssc found is all we know
            }
        }
        return new ArrayList<>(ports.keySet());
    }

    /** One line per port, its by-id names after it; the advice when there is none. */
    static List<String> listing(String[] names, Map<String, List<String>> aliases) {
        TreeMap<String, List<String>> ports = new TreeMap<>();
        for (String n : names) {
            ports.put(n, new ArrayList<>());
        }
        aliases.forEach((target, links) -> ports.computeIfAbsent(target, k -> new ArrayList<>()).addAll(links));
        if (ports.isEmpty()) {
            return List.of(NONE_FOUND);
        }
        List<String> lines = new ArrayList<>();
        ports.forEach((port, links) -> lines.add(links.isEmpty() ? port : port + "  (" + String.join(", ", links) + ")"));
        return lines;
    }

    private Map<String, List<String>> byId() {
        Map<String, List<String>> aliases = new TreeMap<>();
        if (Files.isDirectory(BY_ID)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(BY_ID)) {
                for (Path link : ds) {
                    aliases.computeIfAbsent(link.toRealPath().toString(), k -> new ArrayList<>()).add(link.toString());
                }
            } catch (IOException e) {
                spec.commandLine().getErr().println("Warning: cannot read " + BY_ID + ": " + e.getMessage());
            }
        }
        return aliases;
    }

    /** What a path the user gave is, as far as flashing through it goes; a missing or non-serial path is an error. */
    static String describe(Path p) {
        if (!Files.exists(p)) {
            throw Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                    ? LabException.failure(p + " is a link to nothing (was socat or the board stopped?)", "restart whatever made the link")
                    : LabException.failure("no such port " + p, "run `ussl-lab ports` without arguments to list the ports present");
        }
        Path real;
        int mode;
        try {
            real = p.toRealPath();
            mode = (Integer) Files.getAttribute(real, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw LabException.failure("cannot examine " + p + ": " + e.getMessage(), "check the path and permissions");
        }
        if ((mode & S_IFMT) != S_IFCHR) {
            throw LabException.badInput(p + " is not a serial port (not a character device)", "give a device such as /dev/ttyUSB0 or a socat pty link");
        }
        String name = real.equals(p) ? p.toString() : p + " -> " + real;
        if (real.startsWith("/dev/pts")) {
            return name + ": a pseudo-terminal (no DTR/RTS lines): flash with --port " + p + " --before no-reset --after no-reset";
        }
        return name + ": a serial device: flash with --port " + p + " (DTR/RTS reset into the bootloader, if the adapter wires them)";
    }
}
