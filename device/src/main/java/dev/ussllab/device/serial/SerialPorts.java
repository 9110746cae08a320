package dev.ussllab.device.serial;

import dev.ussllab.profile.LabException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import jssc.SerialPortList;

/**
 * The serial ports present on this machine, and the one to use when the user named none: as
 * mpremote's "auto" connect and esptool's port scan, omitting the port is fine when exactly one is
 * present, and a bad-usage error listing them otherwise.
 */
public final class SerialPorts {

    private final Supplier<List<String>> lister;
    private final Path sysfs;

    public SerialPorts(Supplier<List<String>> lister) {
        this(lister, PortInfo.SYSFS);
    }

    /** @param sysfs where Linux describes the ports (/sys; a folder of the same shape in tests) */
    public SerialPorts(Supplier<List<String>> lister, Path sysfs) {
        this.lister = lister;
        this.sysfs = sysfs;
    }

    /** jssc's scan (ttyS/ttyUSB/ttyACM on Linux); pseudo-terminals are never listed. */
    public static SerialPorts system() {
        return new SerialPorts(() -> {
            try {
                return List.of(SerialPortList.getPortNames());
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return List.of();
            }
        });
    }

    public List<String> present() {
        return lister.get().stream().sorted().toList();
    }

    /** What sysfs says about a port (USB ids, serial number, names), for mpremote's devs line. */
    public PortInfo info(String port) {
        return PortInfo.of(port, sysfs);
    }

    /** The only port present; none or several is bad usage naming what to pass. */
    public String onlyOne(String option) {
        List<String> ports = present();
        if (ports.size() == 1) {
            return ports.get(0);
        }
        if (ports.isEmpty()) {
            throw LabException.badInput("no serial port found and no " + option + " given",
                    "plug the board in, or pass " + option + " PORT (a socat pty link, or socket://HOST:PORT)");
        }
        throw LabException.badInput(ports.size() + " serial ports present (" + String.join(", ", ports) + ") and no " + option + " given",
                "pass " + option + " with the board's port");
    }
}
