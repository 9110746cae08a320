package dev.ussllab.tools;

import dev.ussllab.device.tls.ClientError;
import dev.ussllab.device.tls.ExchangeResult;
import dev.ussllab.device.tls.SeedExchange;
import dev.ussllab.device.tls.ServerTarget;
import dev.ussllab.profile.LabException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options the seed's client flow takes, shared by `device` and `client`. */
final class ExchangeOptions {

    /** The seed client's message (sslclient.py, usslclient.py). */
    static final String SEED_MESSAGE = "Hello Python TLS/SSL Server!";

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "server address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServerTarget.SEED_PORT,
            description = "server port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--message", paramLabel = "TEXT", defaultValue = SEED_MESSAGE,
            description = "what to send; a newline is appended (default: ${DEFAULT-VALUE})")
    String message;

    @Option(names = "--server-hostname", paramLabel = "NAME",
            description = "server_hostname for wrap_socket: sent as SNI (default: none, as in the seed)")
    String serverHostname;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "connect and read timeout (default: ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "append the session secrets (NSS key log, mode 0600) for Wireshark; default: $SSLKEYLOGFILE if set")
    Path keylog;

    @Option(names = "--readline",
            description = "read the reply with readline() instead of the seed's read(1024), for servers that keep the connection open")
    boolean readline;

    SeedExchange.ReadMode readMode() {
        return readline ? SeedExchange.ReadMode.READLINE : SeedExchange.ReadMode.SEED;
    }

    ServerTarget target() {
        if (port < 1 || port > 65535) {
            throw LabException.badInput("--port " + port + " is not a TCP port", "use 1-65535");
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw LabException.badInput("--timeout " + timeoutSeconds + " is out of range", "use 0.1 to 3600 seconds");
        }
        if (message.contains("\n")) {
            throw LabException.badInput("--message contains a newline", "the newline that ends the message is added for you");
        }
        return new ServerTarget(host, port, serverHostname, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
    }

    /**
     * Prints the result as the seed's client would and returns exit 0, or prints what the client
     * prints on failure and throws the one-line plain-words error (exit 1).
     */
    static int report(ExchangeResult r, PrintWriter out) {
        for (String line : r.seedLines()) {
            out.println(dev.ussllab.profile.UserText.clean(line));
        }
        out.flush();
        if (r.ok()) {
            return UsslLab.EXIT_OK;
        }
        ClientError e = r.error();
        throw LabException.failure(e.plainWords(), null);
    }
}
