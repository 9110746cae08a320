package dev.ussllab.device.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a serial port, as pySerial's list_ports_linux reads it from sysfs (so
 * mpremote's {@code devs} line comes out the same): for a USB adapter the device's idVendor,
 * idProduct, serial, manufacturer and product; nothing (null) for a built-in UART.
 *
 * @param device the port, e.g. /dev/ttyUSB0
 * @param vid the USB vendor id, or null
 * @param pid the USB product id, or null
 */
public record PortInfo(String device, String serial, Integer vid, Integer pid, String manufacturer, String product) {

    /** Where Linux shows its devices. */
    public static final Path SYSFS = Path.of("/sys");

    /** The port as sysfs under {@code sys} describes it; a port sysfs does not know has every field null. */
    public static PortInfo of(String device, Path sys) {
        String name = Path.of(device).getFileName().toString();
        Path link = sys.resolve("class/tty").resolve(name).resolve("device");
        Path usbDevice = null;
        try {
            if (Files.exists(link)) {
                Path devicePath = link.toRealPath();
                String subsystem = subsystem(devicePath);
                // usb-serial (ttyUSB): the tty's device is a child of the USB interface; usb (ttyACM): it is the interface.
                Path usbInterface = "usb-serial".equals(subsystem) ? devicePath.getParent()
                        : "usb".equals(subsystem) ? devicePath : null;
                usbDevice = usbInterface == null ? null : usbInterface.getParent();
            }
        } catch (IOException e) {
            usbDevice = null;
        }
        if (usbDevice == null) {
            return new PortInfo(device, null, null, null, null, null);
        }
        return new PortInfo(device, line(usbDevice, "serial"), hex(line(usbDevice, "idVendor")), hex(line(usbDevice, "idProduct")),
                line(usbDevice, "manufacturer"), line(usbDevice, "product"));
    }

    private static String subsystem(Path devicePath) throws IOException {
        Path s = devicePath.resolve("subsystem");
        return Files.exists(s) ? s.toRealPath().getFileName().toString() : null;
    }

    private static String line(Path dir, String file) {
        try {
            String s = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            return (nl >= 0 ? s.substring(0, nl) : s).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static Integer hex(String s) {
        try {
            return s == null ? null : Integer.parseInt(s, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * mpremote's line: "{device} {serial} {vid:04x}:{pid:04x} {manufacturer} {product}", with
     * Python's None for what is unknown and 0000 for an unknown id.
     */
    public String mpremoteLine() {
        return String.format("%s %s %04x:%04x %s %s", device, none(serial), vid == null ? 0 : vid, pid == null ? 0 : pid,
                none(manufacturer), none(product));
    }

    private static String none(String s) {
        return s == null ? "None" : s;
    }
}
