package dev.ussllab.tools.flash;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import jssc.SerialPortList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ussl-lab ports}: the serial ports present, with the stable /dev/serial/by-id names. */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = "List the serial ports present (jssc's list plus the /dev/serial/by-id names that point at them).")
public final class PortsCommand implements Callable<Integer> {

    /** udev's stable names for USB serial adapters (e.g. usb-Silicon_Labs_CP2102_...-if00-port0). */
    static final Path BY_ID = Path.of("/dev/serial/by-id");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TreeMap<String, List<String>> ports = new TreeMap<>();
        String[] names;
        try {
            names = SerialPortList.getPortNames();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            names = new String[0];
            spec.commandLine().getErr().println("Warning: jssc could not list ports (" + e.getMessage() + "); showing /dev/serial/by-id only.");
        }
        for (String n : names) {
            ports.computeIfAbsent(n, k -> new ArrayList<>());
        }
        if (Files.isDirectory(BY_ID)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(BY_ID)) {
                for (Path link : ds) {
                    String target = link.toRealPath().toString();
                    ports.computeIfAbsent(target, k -> new ArrayList<>()).add(link.toString());
                }
            } catch (IOException e) {
                spec.commandLine().getErr().println("Warning: cannot read " + BY_ID + ": " + e.getMessage());
            }
        }
        if (ports.isEmpty()) {
            out.println("No serial ports found. Plug the board in (a CP2102/CH340 adapter shows up as /dev/ttyUSB0),"
                    + " or use socket://HOST:PORT for a TCP bridge.");
            return 0;
        }
        ports.forEach((port, aliases) -> out.println(aliases.isEmpty() ? port : port + "  (" + String.join(", ", aliases) + ")"));
        return 0;
    }
}
