package dev.ussllab.tools.flash;

import dev.ussllab.device.flasher.Esp8266Flasher;
import dev.ussllab.device.flasher.FlashRegion;
import dev.ussllab.device.flasher.ResetMode;
import dev.ussllab.device.flasher.Verify;
import dev.ussllab.device.flasher.WriteReport;
import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.serial.NoModemLinesException;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ussl-lab flash}: esptool's everyday commands against an ESP8266's ROM loader. The
 * connection options are inherited by every subcommand, so they go before or after it, as
 * esptool users type them ({@code flash -p /dev/ttyUSB0 write_flash 0x0 fw.bin --baud 115200}).
 */
@Command(name = "flash", mixinStandardHelpOptions = true,
        description = "Flash an ESP8266 over serial (or socket://HOST:PORT) through its ROM loader, or read its MAC, chip id and flash id.",
        subcommandsRepeatable = false)
public final class FlashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", scope = ScopeType.INHERIT,
            description = "Serial port (/dev/ttyUSB0, a symlink such as /tmp/ttyESP, a pty) or socket://HOST:PORT. Required.")
    String port;

    @Option(names = {"-b", "--baud"}, defaultValue = "115200", scope = ScopeType.INHERIT,
            description = "Baud rate (the ROM loader follows the rate it syncs at; default ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--before", defaultValue = "default-reset", converter = EsptoolNames.Before.class, scope = ScopeType.INHERIT,
            paramLabel = "default-reset|no-reset",
            description = "How to enter the bootloader: pulse DTR/RTS (default-reset) or assume it is there (no-reset); default_reset spellings work too.")
    ResetMode.Before before;

    @Option(names = "--after", defaultValue = "hard-reset", converter = EsptoolNames.After.class, scope = ScopeType.INHERIT,
            paramLabel = "hard-reset|soft-reset|no-reset",
            description = "What to do when done: pulse RTS to run the firmware (hard-reset), ask the ROM to run it (soft-reset), or stay in the loader (no-reset).")
    ResetMode.After after;

    @Option(names = {"-c", "--chip"}, defaultValue = "auto", converter = EsptoolNames.Chip.class, scope = ScopeType.INHERIT,
            paramLabel = "auto|esp8266", description = "Chip type, as esptool's --chip: auto or esp8266 (the only chip supported).")
    String chip; // checked by its converter; the ESP8266 is the only chip, and connect() confirms it

    @Option(names = "--timeout", defaultValue = "3", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "How long to wait for each ROM reply (default ${DEFAULT-VALUE} s, esptool's); raise it for a slow bridge such as ESP-Link over Wi-Fi.")
    double timeoutSeconds;

    @Option(names = "--connect-attempts", defaultValue = "7", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Reset-and-sync attempts before giving up (default ${DEFAULT-VALUE}, esptool's).")
    int connectAttempts;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: write-flash, read-mac, chip-id, flash-id or erase-region");
    }

    @Command(name = "write-flash", aliases = "write_flash", mixinStandardHelpOptions = true,
            description = "Write files to flash at offsets (multiples of 0x1000), then read back as --verify says.")
    int writeFlash(
            @Parameters(arity = "2..*", paramLabel = "OFFSET FILE", description = "Pairs: offset, then the file to write there.") List<String> pairs,
            @Option(names = {"-fm", "--flash-mode", "--flash_mode"}, defaultValue = "keep", paramLabel = "MODE",
                    description = "Patch the image header at 0x0: qio, qout, dio, dout or keep (default).") String mode,
            @Option(names = {"-fs", "--flash-size", "--flash_size"}, defaultValue = "keep", paramLabel = "SIZE",
                    description = "Patch the image header at 0x0: 512KB ... 16MB, detect (what the flash chip reports) or keep (default).") String size,
            @Option(names = {"-ff", "--flash-freq", "--flash_freq"}, defaultValue = "keep", paramLabel = "FREQ",
                    description = "Patch the image header at 0x0: 80m, 40m, 26m, 20m or keep (default).") String freq,
            @Option(names = "--verify", defaultValue = "sample", converter = EsptoolNames.VerifyLevel.class, paramLabel = "full|sample|none",
                    description = "Read back through the SPI registers: everything (full, ~8x the write time), the first, last and every 64th block (sample, default), or nothing.") Verify verify)
            throws IOException {
        requirePort();
        List<FlashRegion> files = ImageFiles.read(pairs, mode, size, freq, err());
        return withFlasher(f -> {
            long flashId = f.flashId();
            List<FlashRegion> regions = ImageFiles.isDetect(size) ? ImageFiles.withDetectedSize(files, flashId, err()) : files;
            long flashSize = Esp8266Target.flashSizeFromJedec(flashId);
            for (FlashRegion r : regions) {
                if (flashSize > 0 && r.offset() + r.data().length > flashSize) {
                    throw LabException.badInput(String.format("%s (%d bytes at 0x%X) runs past the end of the %s flash",
                            r.source(), r.data().length, r.offset(), Numbers.size(flashSize)), "check the offset");
                }
            }
            WriteReport rep;
            try (ProgressReporter progress = new ProgressReporter(err(), ProgressReporter.stderrIsTerminal())) {
                rep = f.writeFlash(regions, verify, progress);
            }
            writeSummary(rep).forEach(out()::println);
            out().println(verifySummary(rep, verify));
        });
    }

    /** esptool's line per region ("Wrote N bytes at 0x... in T seconds (R kbit/s)"), then what esptool leaves out. */
    static List<String> writeSummary(WriteReport rep) {
        List<String> lines = new ArrayList<>();
        for (WriteReport.Region r : rep.regions()) {
            String speed = r.seconds() > 0 ? String.format(Locale.ROOT, " (%.1f kbit/s)", r.bytes() * 8 / r.seconds() / 1000) : "";
            lines.add(String.format(Locale.ROOT, "Wrote %d bytes at 0x%08x in %.1f seconds%s.", r.bytes(), r.offset(), r.seconds(), speed));
        }
        // A pty or TCP bridge has no real line rate; the share of the line only means something below 100 %.
        String line = rep.lineEfficiency() > 0 && rep.lineEfficiency() <= 1.0
                ? String.format(Locale.ROOT, ", %.0f %% of the %d-baud line", 100 * rep.lineEfficiency(), rep.baud()) : "";
        lines.add(String.format(Locale.ROOT, "%d block(s) needed a retry; %.1f KB/s%s.", rep.blocksRetried(), rep.bytesPerSecond() / 1024, line));
        return lines;
    }

    static String verifySummary(WriteReport rep, Verify verify) {
        return switch (verify) {
            case FULL -> String.format("Verified: read all %d bytes back from flash through the SPI controller; they match.", rep.bytesReadBack());
            case SAMPLE -> String.format("Partly verified: read back %d of %d bytes (first, last and every 64th 1 KB block); they match. "
                    + "The other bytes were confirmed only by the ROM's checksum on arrival, not read from flash (use --verify full).",
                    rep.bytesReadBack(), rep.bytesWritten());
            case NONE -> "Not verified: nothing was read back (--verify none); the ROM's checksum confirmed each block on arrival only.";
        };
    }

    @Command(name = "read-mac", aliases = "read_mac", mixinStandardHelpOptions = true, description = "Print the MAC from the efuses.")
    int readMac() throws IOException {
        return withFlasher(f -> out().println("MAC: " + Esp8266Target.formatMac(f.readMac())));
    }

    @Command(name = "chip-id", aliases = "chip_id", mixinStandardHelpOptions = true, description = "Print the chip id (as system_get_chip_id()).")
    int chipId() throws IOException {
        return withFlasher(f -> out().printf("Chip ID: 0x%08x%n", f.chipId()));
    }

    @Command(name = "flash-id", aliases = "flash_id", mixinStandardHelpOptions = true, description = "Print the SPI flash JEDEC id and size.")
    int flashId() throws IOException {
        return withFlasher(f -> {
            long id = f.flashId();
            String maker = Esp8266Target.flashManufacturer(id);
            out().printf("Manufacturer: %02x%s%n", id & 0xFF, maker == null ? "" : " (" + maker + ")");
            out().printf("Device: %02x%02x%n", (id >> 8) & 0xFF, (id >> 16) & 0xFF);
            long size = Esp8266Target.flashSizeFromJedec(id);
            out().println("Detected flash size: " + (size > 0 ? Numbers.size(size) : "unknown"));
        });
    }

    @Command(name = "erase-region", aliases = "erase_region", mixinStandardHelpOptions = true,
            description = "Erase whole 4 KB sectors: OFFSET and SIZE multiples of 0x1000.")
    int eraseRegion(@Parameters(index = "0", paramLabel = "OFFSET") String offset, @Parameters(index = "1", paramLabel = "SIZE") String size)
            throws IOException {
        long off = Numbers.parse(offset, "offset");
        long len = Numbers.parse(size, "size");
        return withFlasher(f -> {
            f.eraseRegion(off, len);
            out().printf("Erased 0x%X bytes at 0x%08X%n", len, off);
        });
    }

    private interface Step {
        void run(Esp8266Flasher f) throws IOException;
    }

    private void requirePort() {
        if (port == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--port=PORT'");
        }
    }

    private Esp8266Flasher.Options options() {
        if (!(timeoutSeconds >= 0.1 && timeoutSeconds <= 600)) {
            throw LabException.badInput("--timeout " + timeoutSeconds + " is out of range", "give seconds between 0.1 and 600, e.g. --timeout 10");
        }
        if (connectAttempts < 1 || connectAttempts > 1000) {
            throw LabException.badInput("--connect-attempts " + connectAttempts + " is out of range", "give 1 or more, e.g. --connect-attempts 7");
        }
        return new Esp8266Flasher.Options(Duration.ofMillis(Math.round(timeoutSeconds * 1000)), connectAttempts);
    }

    private int withFlasher(Step step) throws IOException {
        requirePort();
        if (baud < 300 || baud > 4_000_000) {
            throw LabException.badInput("baud rate " + baud + " is out of range", "use e.g. 115200");
        }
        Esp8266Flasher.Options options = options();
        try (SerialLink link = SerialLinks.open(port, baud)) {
            Esp8266Flasher f = Esp8266Flasher.connect(link, before, options);
            err().printf("Connected to ESP8266 on %s (MAC %s, crystal %d MHz)%n", port, Esp8266Target.formatMac(f.readMac()), f.crystalMhz());
            step.run(f);
            try {
                f.finish(after);
            } catch (NoModemLinesException e) {
                // The work is done; only the reset is impossible here. Say so, but do not fail it.
                err().println("Warning: the board was not reset: " + port + " has no modem lines; press RESET"
                        + " (or use --after soft-reset or --after no-reset).");
            }
            if (after == ResetMode.After.NO_RESET) {
                err().println("Staying in the bootloader (--after no-reset).");
            }
            return 0;
        } catch (IOException e) {
            throw LabException.failure("lost the connection to " + port + ": " + e.getMessage(),
                    "check the cable and that nothing else uses the port, then run the command again");
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
