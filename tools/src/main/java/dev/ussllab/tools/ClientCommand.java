package dev.ussllab.tools;

import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.device.tls.TrustedCertificates;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.CipherSuiteNames;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.client.TlsClientProfile;
import dev.ussllab.profile.client.TlsClientProfile.Engine;
import dev.ussllab.profile.client.TlsClientProfile.Verification;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The seed's sslclient.py, or another desktop client profile, against a TLS server. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Run a desktop TLS client profile through the seed's client flow:",
            "python-krsa (the seed's sslclient.py), java-default, java-tls12-krsa, bc-default",
            "(or esp8266-micropython). Prints the seed's Sent/Received lines; exit 1 on failure."})
public final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExchangeOptions options;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = Profiles.PYTHON_KRSA,
            description = "client profile (default: ${DEFAULT-VALUE}); one of: "
                    + "esp8266-micropython, python-krsa, java-default, java-tls12-krsa, bc-default")
    String profileName;

    /** The seed's sslclient.py trusts load_verify_locations('cert.pem'): the file in the current folder. */
    static final String SEED_CAFILE = "cert.pem";

    @Option(names = "--cafile", paramLabel = "FILE", defaultValue = SEED_CAFILE,
            description = "PEM certificate(s) to trust (default: ${DEFAULT-VALUE} in the current folder,"
                    + " as the seed's load_verify_locations('cert.pem'))")
    Path cafile;

    @Option(names = "--list-profiles", description = "list the profiles (name, what it is, versions, suites) and exit")
    boolean listProfiles;

    @Override
    public Integer call() {
        if (listProfiles) {
            var out = spec.commandLine().getOut();
            for (TlsClientProfile p : Profiles.all()) {
                out.println(p.name() + ": " + p.description());
                out.println("    " + String.join(", ", p.versions()) + "; "
                        + String.join(" ", CipherSuiteNames.names(p.cipherSuites())));
            }
            out.flush();
            return UsslLab.EXIT_OK;
        }
        TlsClientProfile profile = Profiles.byName(profileName);
        var target = options.target();
        TrustedCertificates trusted = null;
        if (profile.verification() == Verification.CAFILE) {
            if (!spec.commandLine().getParseResult().hasMatchedOption("--cafile") && !Files.exists(cafile)) {
                throw LabException.badInput("profile " + profile.name() + " verifies the server against "
                        + SEED_CAFILE + ", as the seed does, but there is no " + SEED_CAFILE + " in "
                        + Path.of("").toAbsolutePath(),
                        "run it in the folder that holds the server's cert.pem, or give --cafile FILE");
            }
            trusted = TrustedCertificates.load(cafile);
        }
        if (profile.engine() == Engine.JDK && (options.keylog != null)) {
            // Why not through Bouncy Castle's JSSE provider: that is another TLS stack with its own
            // ClientHello, so the profile would no longer show what the JDK sends.
            throw LabException.badInput("--keylog cannot work with " + profile.name()
                    + ": the JDK's own TLS (SunJSSE) has no key-log hook and keeps its secrets inside; Bouncy Castle's JSSE"
                    + " provider could log them but sends a different ClientHello, so it would no longer be the JDK's client",
                    "log the keys on the server side (host --keylog FILE logs every client's), or use --profile bc-default or python-krsa");
        }
        KeyLogSink keyLog = profile.engine() == Engine.JDK ? KeyLogSink.NONE
                : KeyLogFile.fromOptionOrEnvironment(options.keylog);
        try {
            int exit = ExchangeOptions.report(SeedExchange.run(profile, target, options.message, trusted, keyLog, options.readMode()),
                    spec.commandLine().getOut());
            KeyLogFile.throwIfFailed(keyLog);
            return exit;
        } finally {
            if (keyLog instanceof AutoCloseable c) {
                DeviceCommand.closeQuietly(c);
            }
        }
    }
}
