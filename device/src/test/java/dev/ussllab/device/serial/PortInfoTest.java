package dev.ussllab.device.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mpremote's devs line from sysfs, on a folder laid out as Linux's /sys is for the three kinds of
 * port (the layout pySerial's list_ports_linux reads): a CH340 behind usb-serial (ttyUSB), a CDC
 * ACM board (ttyACM, the tty's device is the USB interface itself), a built-in UART (ttyS).
 */
class PortInfoTest {

    @TempDir
    Path sys;

    private Path usbDevice(String name) throws Exception {
        Path dev = Files.createDirectories(sys.resolve("devices/pci0000:00/0000:00:14.0/usb1").resolve(name));
        return dev;
    }

    private void link(Path from, Path to) throws Exception {
        Files.createDirectories(from.getParent());
        Files.createSymbolicLink(from, to);
    }

    @Test
    void usbSerialAdapterGivesIdsAndNames() throws Exception {
        Files.createDirectories(sys.resolve("bus/usb-serial"));
        Path dev = usbDevice("1-2");
        Files.writeString(dev.resolve("idVendor"), "1a86\n");
        Files.writeString(dev.resolve("idProduct"), "7523\n");
        Files.writeString(dev.resolve("product"), "USB Serial\n");
        // no manufacturer and no serial file: a CH340 has neither
        Path tty = Files.createDirectories(dev.resolve("1-2:1.0/ttyUSB0"));
        link(tty.resolve("subsystem"), sys.resolve("bus/usb-serial"));
        link(sys.resolve("class/tty/ttyUSB0/device"), tty);
        PortInfo p = PortInfo.of("/dev/ttyUSB0", sys);
        assertEquals("/dev/ttyUSB0 None 1a86:7523 None USB Serial", p.mpremoteLine());
    }

    @Test
    void cdcAcmBoardGivesSerialAndManufacturer() throws Exception {
        Files.createDirectories(sys.resolve("bus/usb"));
        Path dev = usbDevice("1-3");
        Files.writeString(dev.resolve("idVendor"), "2e8a\n");
        Files.writeString(dev.resolve("idProduct"), "0005\n");
        Files.writeString(dev.resolve("serial"), "e6614c311b7e6f35\n");
        Files.writeString(dev.resolve("manufacturer"), "MicroPython\n");
        Files.writeString(dev.resolve("product"), "Board in FS mode\n");
        Path iface = Files.createDirectories(dev.resolve("1-3:1.0"));
        link(iface.resolve("subsystem"), sys.resolve("bus/usb"));
        link(sys.resolve("class/tty/ttyACM0/device"), iface);
        assertEquals("/dev/ttyACM0 e6614c311b7e6f35 2e8a:0005 MicroPython Board in FS mode",
                PortInfo.of("/dev/ttyACM0", sys).mpremoteLine());
    }

    @Test
    void builtInUartAndUnknownPortsPrintNoneAsMpremote() throws Exception {
        Files.createDirectories(sys.resolve("bus/serial-base"));
        Path uart = Files.createDirectories(sys.resolve("devices/platform/serial8250/00:00:0.0"));
        link(uart.resolve("subsystem"), sys.resolve("bus/serial-base"));
        link(sys.resolve("class/tty/ttyS0/device"), uart);
        assertEquals("/dev/ttyS0 None 0000:0000 None None", PortInfo.of("/dev/ttyS0", sys).mpremoteLine());
        assertEquals("/dev/ttyUSB9 None 0000:0000 None None", PortInfo.of("/dev/ttyUSB9", sys).mpremoteLine());
    }

    @Test
    void thisMachinesPortsGiveAWellFormedLine() {
        // Whatever this machine has (a ttyS0 without USB here): five fields after the port, ids as hex.
        for (String port : SerialPorts.system().present()) {
            String line = PortInfo.of(port, PortInfo.SYSFS).mpremoteLine();
            assertEquals(true, line.matches("\\S+ \\S+ [0-9a-f]{4}:[0-9a-f]{4} .+ .+"), line);
        }
    }
}
