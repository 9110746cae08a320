package dev.ussllab.device.serial;

import dev.ussllab.profile.LabException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Opens the right {@link SerialLink} for what the user typed after --port. */
public final class SerialLinks {

    public static final String SOCKET_SCHEME = "socket://";

    private SerialLinks() {}

    /** "socket://HOST:PORT" opens a TCP bridge; anything else is a device path for jssc. */
    public static SerialLink open(String spec, int baud) {
        if (spec == null || spec.isBlank()) {
            throw LabException.badInput("no serial port given", "pass --port /dev/ttyUSB0 (see `ussl-lab ports`) or socket://HOST:PORT");
        }
        if (spec.startsWith(SOCKET_SCHEME)) {
            String rest = spec.substring(SOCKET_SCHEME.length());
            int colon = rest.lastIndexOf(':');
            String host = colon > 0 ? rest.substring(0, colon).replace("[", "").replace("]", "") : "";
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(rest.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw LabException.badInput("bad bridge address '" + spec + "'", "write it as socket://HOST:PORT, e.g. socket://127.0.0.1:3333");
            }
            return SocketSerialLink.open(host, port, baud);
        }
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    ? LabException.failure("no such port " + spec + ": the link points at nothing (was socat or the board stopped?)",
                            "restart whatever made the link; `ussl-lab ports` lists ports")
                    : noSuchPort(spec);
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw permissionDenied(spec);
        }
        return JsscSerialLink.open(spec, baud);
    }

    static LabException noSuchPort(String path) {
        return LabException.failure("no such port " + path + ": is the board plugged in?", "`ussl-lab ports` lists ports");
    }

    static LabException permissionDenied(String path) {
        return LabException.failure("permission denied opening " + path,
                "add yourself to the group owning it (usually dialout: sudo usermod -aG dialout $USER, then log in again)");
    }
}
