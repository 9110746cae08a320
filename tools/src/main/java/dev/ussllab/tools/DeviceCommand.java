package dev.ussllab.tools;

import dev.ussllab.device.tls.BoardCredentials;
import dev.ussllab.device.tls.EmulatedEsp8266;
import dev.ussllab.device.tls.Payload;
import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The seed's usslclient.py on an emulated ESP8266 (MicroPython ussl on axTLS). */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Run the seed's usslclient.py on an emulated ESP8266 (MicroPython ussl, axTLS):",
            "connect, wrap, send the message, read(1024), close. Prints the seed's Sent/Received lines;",
            "on failure, what the board prints (e.g. OSError: -40) and one line in plain words (exit 1)."})
public final class DeviceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExchangeOptions options;

    @Option(names = "--message-file", paramLabel = "FILE",
            description = "send this file's bytes as they are instead of --message (a whole HTTP/1.1 request, an MQTT CONNECT)")
    Path messageFile;

    @Option(names = "--client-key", paramLabel = "FILE",
            description = "the board's PKCS#1 RSA key (PEM or DER), sent with --client-cert when the server asks for a"
                    + " client certificate (default: axTLS's built-in one, as wrap_socket without key=)")
    Path clientKey;

    @Option(names = "--client-cert", paramLabel = "FILE",
            description = "the board's certificate (PEM or DER; up to 3, leaf first), as wrap_socket(cert=...)")
    Path clientCert;

    @Override
    public Integer call() {
        var target = options.target();
        BoardCredentials credentials = credentials(clientKey, clientCert);
        Payload payload = payload();
        KeyLogSink keyLog = KeyLogFile.fromOptionOrEnvironment(options.keylog);
        try {
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), keyLog);
            int exit = ExchangeOptions.report(SeedExchange.onBoard(board, target, payload, options.readMode(),
                    credentials), spec.commandLine().getOut());
            KeyLogFile.throwIfFailed(keyLog);
            return exit;
        } finally {
            if (keyLog instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }
    }

    /** --client-key and --client-cert go together; null when neither is given. */
    static BoardCredentials credentials(Path key, Path cert) {
        if (key == null && cert == null) {
            return null;
        }
        if (key == null || cert == null) {
            throw LabException.badInput((key == null ? "--client-cert" : "--client-key") + " needs "
                    + (key == null ? "--client-key" : "--client-cert"), "give both: the board's key and its certificate");
        }
        return BoardCredentials.load(key, cert);
    }

    private Payload payload() {
        if (messageFile == null) {
            return Payload.line(options.message);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--message")) {
            throw LabException.badInput("--message and --message-file both given", "use one of them");
        }
        return Payload.file(messageFile);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // each line was written at once; a failed write was reported above
        }
    }
}
