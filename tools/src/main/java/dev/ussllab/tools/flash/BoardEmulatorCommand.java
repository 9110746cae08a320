package dev.ussllab.tools.flash;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.Faults;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.micropython.MicroPythonFirmware;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.tools.board.EmulatorFiles;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ussl-lab board-emulator}: an emulated ESP8266 on stdio (behind socat) or a TCP port. */
@Command(name = "board-emulator", mixinStandardHelpOptions = true,
        description = {"Emulate an ESP8266 board: the ROM serial loader (bootloader mode) and the firmware boot (firmware mode).",
            "A program uploaded to IRAM and started through the loader (esptool's flasher stub) makes the board answer OHAI and serve the stub's"
                + " protocol: compressed writes, MD5, READ_FLASH, chip and region erase, baud rate changes.",
            "Behind a pseudo-terminal: socat pty,link=/tmp/ttyESP,raw,echo=0 EXEC:\"ussl-lab board-emulator --stdio\""},
        footer = {"%nFirmware mode runs MicroPython's own VM (the 1.27 WebAssembly port compiled to JVM bytecode), so the whole"
            + " language and its modules work (json, struct, re, select, io, collections, generators, decorators, ...) and"
            + " micropython-lib's requests and umqtt run unmodified. The board around it is the ESP8266 1.22.2 firmware's:"
            + " the banner, sys.platform and os.uname(), errno numbers, a FAT-like filesystem in --fs, and its own modules"
            + " socket/usocket (the laptop's network: lwIP's errors, UDP, select.poll), ssl/ussl (the emulated ESP8266 TLS"
            + " client: its exact ClientHello and OSError numbers), network (WLAN STA_IF joins the loopback), machine"
            + " (Pin, reset), esp, time (sleep_ms, ticks_ms)."})
public final class BoardEmulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Where {
        @Option(names = "--stdio", required = true, description = "Talk on stdin/stdout (messages go to stderr).")
        boolean stdio;

        @Option(names = "--tcp", required = true, paramLabel = "PORT", description = "Listen on 127.0.0.1:PORT (0 = any free port), like ser2net's raw mode.")
        Integer tcpPort;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = "--flash", paramLabel = "FILE", description = "Flash contents file (created all 0xFF if missing); default: in memory only.")
    Path flashFile;

    @Option(names = "--flash-size", defaultValue = "4MB", description = "Flash size (default ${DEFAULT-VALUE}).")
    String flashSize;

    @Option(names = "--baud", defaultValue = "0", description = {"Simulated line rate: bytes take the time they would at this baud (0 = no pacing).",
            "It is the rate the host syncs at (the ROM measures it); a new UART divider (WRITE_REG) or the stub's CHANGE_BAUDRATE moves it."})
    int baud;

    @Option(names = "--mode", defaultValue = "bootloader", paramLabel = "bootloader|firmware", description = "Boot mode at power-on (default ${DEFAULT-VALUE}); firmware boots MicroPython (the board of v1.22.2, the language of the VM).")
    String mode;

    @Option(names = "--mac", description = "Station MAC in the efuses (default 18:fe:34:a1:b2:c3).")
    String mac;

    @Option(names = "--fault", paramLabel = "FAULT", description = {"Inject a fault (repeatable); N counts bytes from the board's start:",
            "drop-in:N / corrupt-in:N (a byte the host sent is lost / has a bit flipped), drop-out:N / corrupt-out:N (the same for a byte the board sent),",
            "stall:N:MS (the board stops reading for MS ms after input byte N), reset:N (the board resets into its bootloader after input byte N),",
            "stuck:OFFSET (a worn flash cell: the byte at that flash offset reads 0x00 after any write; only a read-back notices), mute (never answers)."})
    List<String> faults = new ArrayList<>();

    @Option(names = "--once", description = "With --tcp: serve one connection, then exit.")
    boolean once;

    @Option(names = "--fs", paramLabel = "DIR",
            description = {"MicroPython's files are in DIR (created if missing).",
                "Default: a folder beside --flash (board.bin -> board.fs), kept like a real board's files;"
                    + " with the flash in memory, a temporary folder named on stderr and removed at exit.",
                "In bootloader mode without --fs, a reset into the firmware shows only the ROM boot line."})
    Path fsDir;

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "32",
            description = "Memory the MicroPython VM may grow to, in MB (default ${DEFAULT-VALUE}); beyond it programs get MemoryError.")
    int memoryMb;

    @Option(names = "--no-raw-paste", description = "MicroPython answers raw-paste requests with R\\x00, as firmware without raw-paste does.")
    boolean noRawPaste;

    @Override
    public Integer call() throws IOException {
        BootMode bootMode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "bootloader" -> BootMode.BOOTLOADER;
            case "firmware" -> BootMode.FIRMWARE;
            default -> throw LabException.badInput("unknown mode '" + mode + "'", "use --mode bootloader or --mode firmware");
        };
        if (memoryMb < 4 || memoryMb > 1024) {
            throw LabException.badInput("--memory " + memoryMb + " is out of range", "use 4 to 1024 (MB)");
        }
        if (baud < 0) {
            throw LabException.badInput("baud rate " + baud + " is negative", "use e.g. --baud 115200, or 0 for no pacing");
        }
        long size = Numbers.parse(flashSize, "flash size");
        Faults parsed = Faults.parse(faults);
        // Firmware mode always runs MicroPython; in bootloader mode only a given --fs makes the firmware MicroPython.
        // The folder is checked first so a bad one does not leave a new flash file behind.
        EmulatorFiles files = fsDir != null || bootMode == BootMode.FIRMWARE ? EmulatorFiles.open(fsDir, flashFile) : null;
        FlashMemory flash = flashFile == null ? FlashMemory.inMemory(size) : FlashMemory.open(flashFile, size);
        try (files; flash) {
            BoardEmulator.Builder b = BoardEmulator.builder(flash).baud(baud).mode(bootMode).faults(parsed);
            if (mac != null) {
                b.mac(parseMac(mac));
            }
            if (files != null) {
                b.firmware(new MicroPythonFirmware(files.dir(), KeyLogSink.NONE, !noRawPaste).memoryCap(memoryMb * (1L << 20)));
                spec.commandLine().getErr().println("MicroPython's files are in " + (files.temporary()
                        ? "the temporary folder " + files.dir() + " (removed at exit; give --fs DIR to keep them)" : files.dir()));
            }
            BoardEmulator board = b.build();
            if (where.stdio) {
                // Raw descriptors: the board's bytes must not pass through any character encoding.
                OutputStream out = new FileOutputStream(FileDescriptor.out);
                spec.commandLine().getErr().printf("Board emulator ready on stdio: %s mode, %s flash %s%n", mode.toLowerCase(Locale.ROOT),
                        Numbers.size(size), flashFile == null ? "in memory" : "in " + flashFile);
                spec.commandLine().getErr().flush();
                board.run(new FileInputStream(FileDescriptor.in), out);
                return 0;
            }
            return serveTcp(board);
        }
    }

    private int serveTcp(BoardEmulator board) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket server;
        try {
            server = new ServerSocket(where.tcpPort, 1, loopback);
        } catch (BindException e) {
            throw LabException.failure("port " + where.tcpPort + " on " + loopback.getHostAddress() + " is in use",
                    "pick another --tcp port (0 = any free one) or stop the program using it");
        } catch (IllegalArgumentException e) {
            throw LabException.badInput("bad TCP port " + where.tcpPort, "use 1-65535, or 0 for any free port");
        }
        try (server) {
            spec.commandLine().getOut().println("Board listening on socket://" + loopback.getHostAddress() + ":" + server.getLocalPort());
            spec.commandLine().getOut().flush();
            do {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    board.run(s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    spec.commandLine().getErr().println("Connection ended: " + dev.ussllab.profile.UserText.of(e));
                }
            } while (!once);
        }
        return 0;
    }

    static byte[] parseMac(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw LabException.badInput("bad MAC '" + text + "'", "write it as 18:fe:34:a1:b2:c3");
        }
        byte[] mac = new byte[6];
        try {
            for (int i = 0; i < 6; i++) {
                int v = Integer.parseInt(parts[i], 16);
                if (v < 0 || v > 255) {
                    throw new NumberFormatException();
                }
                mac[i] = (byte) v;
            }
        } catch (NumberFormatException e) {
            throw LabException.badInput("bad MAC '" + text + "'", "write it as 18:fe:34:a1:b2:c3");
        }
        return mac;
    }

}
