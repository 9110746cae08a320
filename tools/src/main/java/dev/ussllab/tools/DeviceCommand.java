package dev.ussllab.tools;

import dev.ussllab.device.tls.EmulatedEsp8266;
import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public Integer call() {
        var target = options.target();
        KeyLogSink keyLog = KeyLogFile.fromOptionOrEnvironment(options.keylog);
        try {
            EmulatedEsp8266 board = new EmulatedEsp8266(Profiles.esp8266(), keyLog);
            int exit = ExchangeOptions.report(SeedExchange.onBoard(board, target, options.message, options.readMode()),
                    spec.commandLine().getOut());
            KeyLogFile.throwIfFailed(keyLog);
            return exit;
        } finally {
            if (keyLog instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // each line was written at once; a failed write was reported above
        }
    }
}
