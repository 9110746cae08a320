package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.tools.Cli;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input ends in one line naming the thing and what to do, with exit 1 or 2. */
@Timeout(60)
class FlashBadInputTest {

    @TempDir
    Path dir;

    private static void oneLine(Cli r, int exit, String... parts) {
        assertEquals(exit, r.exitCode, r.toString());
        String first = r.err.strip().lines().filter(l -> l.startsWith("ussl-lab")).findFirst().orElse("");
        for (String p : parts) {
            assertTrue(first.contains(p), "'" + p + "' missing in: " + r.err);
        }
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
    }

    @Test
    void missingPortNamesItAndPointsAtPorts() {
        oneLine(Cli.run("flash", "--port", dir.resolve("ttyUSB7").toString(), "read-mac"), 1, "no such port", "ttyUSB7", "ussl-lab ports");
    }

    @Test
    void aDanglingSymlinkSaysWhatHappened() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("ttyESP"), dir.resolve("gone"));
        oneLine(Cli.run("flash", "--port", link.toString(), "read-mac"), 1, "points at nothing");
    }

    @Test
    void aRegularFileIsNotASerialPort() throws Exception {
        Path f = Files.writeString(dir.resolve("notatty"), "x");
        oneLine(Cli.run("flash", "--port", f.toString(), "--before", "no-reset", "read-mac"), 2, "is not a serial port");
    }

    @Test
    void writeFlashArgumentsAreChecked() throws Exception {
        Path img = Files.write(dir.resolve("a.bin"), new byte[100]);
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "0x0", img.toString(), "0x1000"), 2, "OFFSET FILE pairs");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "0x100", img.toString()), 2, "0x100", "0x1000");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "0x0", dir.resolve("nope.bin").toString()), 2, "no such file", "nope.bin");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "zero", img.toString()), 2, "bad offset 'zero'");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "0x0", img.toString(), "0x0", img.toString()), 2, "overlaps");
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "0x0", empty.toString()), 2, "empty");
        byte[] hdr = new byte[16];
        hdr[0] = (byte) 0xE9;
        Path fw = Files.write(dir.resolve("fw.bin"), hdr);
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "--flash-mode", "turbo", "0x0", fw.toString()), 2, "turbo");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "write-flash", "--flash_size", "3MB", "0x0", fw.toString()), 2, "3MB");
    }

    /** esptool's -p may be omitted when exactly one serial port is present; otherwise exit 2 naming what is there. */
    @Test
    void withoutAPortTheOnlyOnePresentIsUsed() {
        assertEquals("/dev/ttyUSB0", FlashCommand.choosePort(java.util.List.of("/dev/ttyUSB0")));
        dev.ussllab.profile.LabException none = assertThrows(dev.ussllab.profile.LabException.class, () -> FlashCommand.choosePort(java.util.List.of()));
        assertEquals(2, none.exitCode());
        assertTrue(none.oneLine().contains("no --port given and no serial port found") && none.oneLine().contains("ESPTOOL_PORT"), none.oneLine());
        dev.ussllab.profile.LabException two = assertThrows(dev.ussllab.profile.LabException.class,
                () -> FlashCommand.choosePort(java.util.List.of("/dev/ttyUSB0", "/dev/ttyUSB1")));
        assertTrue(two.oneLine().contains("2 serial ports present (/dev/ttyUSB0, /dev/ttyUSB1)") && two.oneLine().contains("-p PORT"), two.oneLine());
    }

    /** A mistyped subcommand or option names the nearest known one, exit 2. */
    @Test
    void aTypoGetsDidYouMean() {
        oneLine(Cli.run("flash", "writeflash", "0", "x.bin"), 2, "did you mean write-flash?");
        oneLine(Cli.run("flash", "erase_flsh"), 2, "did you mean erase-flash?");
        oneLine(Cli.run("flash", "-p", "socket://127.0.0.1:9", "write-flash", "--flash-sise", "4MB", "0", "x.bin"), 2, "did you mean --flash-size?");
        oneLine(Cli.run("flash", "-p", "socket://127.0.0.1:9", "read-mac", "--bauds", "9600"), 2, "did you mean --baud?");
    }

    @Test
    void badOptionsAreBadInput() {
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "--before", "sometimes", "read-mac"), 2, "sometimes");
        oneLine(Cli.run("flash", "--port", "socket://nowhere", "read-mac"), 2, "socket://HOST:PORT");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9", "--baud", "12", "read-mac"), 2, "baud rate 12");
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:9"), 2, "subcommand is required");
        oneLine(Cli.run("flash", "read-mac", "--port", "socket://127.0.0.1:9", "--timeout", "0"), 2, "--timeout", "out of range");
        oneLine(Cli.run("flash", "read-mac", "--port", "socket://127.0.0.1:9", "--connect-attempts", "0"), 2, "--connect-attempts 0");
        oneLine(Cli.run("flash", "--chip", "esp32", "--port", "socket://127.0.0.1:9", "read-mac"), 2, "'esp32' is not supported", "ESP8266 only");
    }

    @Test
    void nobodyListeningOnTheBridge() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        oneLine(Cli.run("flash", "--port", "socket://127.0.0.1:" + free, "--before", "no-reset", "read-mac"), 1, "nothing accepts connections");
    }

    @Test
    void aBoardThatNeverAnswersFailsSyncWithTheHint() throws Exception {
        try (BoardProcess board = BoardProcess.pty(dir, "--fault", "mute")) {
            Cli r = Cli.run("flash", "--port", board.port.toString(), "--before", "no-reset", "read-mac");
            oneLine(r, 1, "Failed to connect", "no reply to SYNC", "bootloader mode");
        }
    }

    @Test
    void garbageOnTheLineIsNotABoard() throws Exception {
        Path script = Files.writeString(dir.resolve("noise.sh"), "#!/bin/sh\nwhile :; do printf 'ets Jan \\300\\333garbage\\r\\n'; sleep 0.02; done\n");
        script.toFile().setExecutable(true);
        try (BoardProcess noise = BoardProcess.viaSocat(dir, "EXEC:" + script)) {
            Cli r = Cli.run("flash", "--port", noise.port.toString(), "--before", "no-reset", "read-mac");
            oneLine(r, 1, "no reply to SYNC");
        }
    }

    @Test
    void defaultResetOnAPseudoTerminalSaysUseNoReset() throws Exception {
        try (BoardProcess board = BoardProcess.pty(dir)) {
            oneLine(Cli.run("flash", "--port", board.port.toString(), "chip-id"), 1, "has no modem lines", "--before no-reset");
        }
    }

    @Test
    void boardEmulatorChecksItsOptions() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            oneLine(Cli.run("board-emulator", "--tcp", String.valueOf(taken.getLocalPort())), 1, "is in use");
        }
        oneLine(Cli.run("board-emulator", "--tcp", "0", "--fault", "explode:1"), 2, "bad fault 'explode:1'");
        oneLine(Cli.run("board-emulator", "--tcp", "0", "--mode", "sleep"), 2, "unknown mode 'sleep'");
        oneLine(Cli.run("board-emulator", "--tcp", "0", "--mac", "1:2:3"), 2, "bad MAC");
        oneLine(Cli.run("board-emulator", "--tcp", "0", "--flash-size", "3MB"), 2, "power of two");
        oneLine(Cli.run("board-emulator", "--stdio", "--tcp", "0"), 2, "mutually exclusive");
        Path wrongSize = Files.write(dir.resolve("small.bin"), new byte[1 << 20]);
        oneLine(Cli.run("board-emulator", "--tcp", "0", "--flash", wrongSize.toString()), 2, "small.bin", "--flash-size");
    }

    @Test
    void portsListsWhatIsThere() {
        Cli r = Cli.run("ports");
        assertEquals(0, r.exitCode, r.toString());
        assertFalse(r.out.isBlank(), "either ports or the 'No serial ports found' advice");
    }
}
