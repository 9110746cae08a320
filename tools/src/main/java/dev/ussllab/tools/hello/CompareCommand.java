package dev.ussllab.tools.hello;

import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloDiff;
import dev.ussllab.profile.hello.ClientHelloParser;
import dev.ussllab.profile.hello.MalformedHelloException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare ClientHellos side by side: the built-in clients (run on loopback), plus any found in "
                + "a capture or given as hex. Rows: versions, suites ([RSA] = RSA key exchange), extensions in order, "
                + "SNI, JA3, JA4, what the host negotiates under each policy, and whether key.pem alone decrypts it.",
            "--check PROFILE compares the captured or given hellos with that built-in client's: MATCH, or each "
                    + "differing field (the random ignored); exit 1 if any differs."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE", description = "add every ClientHello found in this pcap/pcapng capture")
    List<Path> captures = new ArrayList<>();

    @Option(names = "--hex", paramLabel = "HEX",
            description = "add this ClientHello (TLS records or the handshake message; spaces and colons allowed)")
    List<String> hexHellos = new ArrayList<>();

    @Option(names = "--check", paramLabel = "PROFILE",
            description = "compare the --from/--hex hellos with this built-in client's, ignoring the random")
    String check;

    @Option(names = "--server-hostname", paramLabel = "NAME",
            description = "SNI for the built-in clients (default: none, as the seed scripts send none)")
    String serverHostname;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "100",
            description = "fit the text table in this many columns: clients that do not fit go to a further panel "
                    + "below (default: ${DEFAULT-VALUE}; 0: one panel however wide)")
    int width;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "print JSON instead of the text table")
        boolean json;

        @Option(names = "--markdown", description = "print a Markdown table")
        boolean markdown;
    }

    @Override
    public Integer call() {
        if (width < 0) {
            throw LabException.badInput("--width " + width + " is negative", "give the terminal's columns, or 0 for no limit");
        }
        List<CompareRun.External> external = external();
        PrintWriter out = spec.commandLine().getOut();
        if (check != null) {
            return check(Profiles.byName(check), external, out);
        }
        List<HelloColumn> columns = CompareRun.run(Profiles.all(), external, serverHostname);
        out.print(format.json ? CompareJson.of(columns)
                : format.markdown ? ComparisonTable.markdown(columns) : ComparisonTable.text(columns, width));
        out.flush();
        return 0;
    }

    private int check(TlsClientProfile profile, List<CompareRun.External> external, PrintWriter out) {
        if (external.isEmpty()) {
            throw LabException.badInput("--check " + profile.name() + " needs a hello to check",
                    "add --from CAPTURE or --hex HEX");
        }
        int differing = 0;
        Map<String, ClientHello> emulated = new HashMap<>(); // by SNI (null: none): one run per name, not per hello
        for (CompareRun.External e : external) {
            // the emulated client gets the same server_hostname the real one used, so SNI compares fairly
            ClientHello expected = emulated.computeIfAbsent(e.hello().serverName().orElse(null),
                    sni -> CompareRun.emulate(profile, sni));
            List<String> diffs = ClientHelloDiff.differences(expected, e.hello());
            if (diffs.isEmpty()) {
                out.println("MATCH " + e.name() + " = " + profile.name() + " (random ignored)");
            } else {
                differing++;
                out.println("DIFFERS " + e.name() + " vs " + profile.name() + " (random ignored):");
                diffs.forEach(d -> out.println("  " + d));
            }
        }
        out.flush();
        if (differing > 0) {
            String hellos = external.size() == 1 ? " hello differs" : " hellos differ";
            throw LabException.failure(differing + " of " + external.size() + hellos + " from " + profile.name(),
                    "the lines above name each differing field");
        }
        return 0;
    }

    private List<CompareRun.External> external() {
        List<CompareRun.External> out = new ArrayList<>();
        for (Path file : captures) {
            int n = 0;
            for (CaptureHellos.Found f : CaptureHellos.read(file)) {
                out.add(new CompareRun.External(f.label(), "capture " + file.getFileName() + " #" + (++n), f.hello().hello()));
            }
        }
        int n = 0;
        for (String hex : hexHellos) {
            n++;
            String clean = hex.replaceAll("[\\s:]", "");
            byte[] bytes;
            try {
                bytes = HexFormat.of().parseHex(clean);
            } catch (IllegalArgumentException e) {
                throw LabException.badInput("--hex #" + n + " is not hex (" + e.getMessage() + ")",
                        "give the bytes as hex digits, e.g. 16030300...");
            }
            try {
                out.add(new CompareRun.External("hex#" + n, "--hex", ClientHelloParser.parse(bytes)));
            } catch (MalformedHelloException e) {
                throw LabException.badInput("--hex #" + n + ": " + e.getMessage(), e.hint());
            }
        }
        return out;
    }
}
