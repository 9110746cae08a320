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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code ussl-lab flash}: esptool's ESP8266 commands against the chip's ROM loader. The
 * connection options are inherited by every subcommand, so they go before or after it, as
 * esptool users type them ({@code flash -p /dev/ttyUSB0 write_flash 0x0 fw.bin --baud 460800}).
 * Where esptool gets a command from its RAM stub and the ROM has none, the ROM way is used (flash
 * read through the SPI registers, erase through FLASH_BEGIN, baud rate through the UART divider)
 * and the output says so.
 */
@Command(name = "flash", mixinStandardHelpOptions = true,
        description = {"Flash an ESP8266 over serial (or socket://HOST:PORT) through its ROM loader: esptool's ESP8266 commands.",
            "ESPTOOL_PORT and ESPTOOL_BAUD are read as esptool reads them; without --port, the only serial port present is used."},
        subcommandsRepeatable = false)
public final class FlashCommand implements Callable<Integer> {

    static final String VERSION_LINE = "ussl-lab flash: esptool v4 commands for the ESP8266 ROM loader (no RAM stub)";

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", scope = ScopeType.INHERIT, defaultValue = "${env:ESPTOOL_PORT}",
            description = "Serial port (/dev/ttyUSB0, a symlink such as /tmp/ttyESP, a pty) or socket://HOST:PORT."
                    + " Default: $ESPTOOL_PORT, else the only serial port present.")
    String port;

    @Option(names = {"-b", "--baud"}, defaultValue = "${env:ESPTOOL_BAUD:-115200}", scope = ScopeType.INHERIT,
            description = "Baud rate (default $ESPTOOL_BAUD, else 115200). As esptool, the board is reached at 115200 and then"
                    + " moved to a higher rate: the ROM way, through its UART divider register.")
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

    @Option(names = {"-t", "--trace"}, scope = ScopeType.INHERIT, description = "Print every packet sent and received (esptool --trace).")
    boolean trace;

    @Option(names = "--no-stub", scope = ScopeType.INHERIT, hidden = true,
            description = "Accepted for esptool command lines: ussl-lab always talks to the ROM loader.")
    boolean noStub;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: write-flash, read-flash, verify-flash,"
                + " erase-flash, erase-region, read-mac, chip-id, flash-id, read-mem, write-mem, image-info, run or version");
    }

    @Command(name = "write-flash", aliases = "write_flash", mixinStandardHelpOptions = true,
            description = {"Write files to flash at offsets (multiples of 0x1000), then read them back.",
                "The image at 0x0 gets its header patched as esptool patches it: only for a valid ESP8266 image, only the fields asked."})
    int writeFlash(
            @Parameters(arity = "2..*", paramLabel = "OFFSET FILE", description = "Pairs: offset, then the file to write there.") List<String> pairs,
            @Option(names = {"-fm", "--flash-mode", "--flash_mode"}, defaultValue = "keep", paramLabel = "MODE",
                    description = "Patch the image header at 0x0: qio, qout, dio, dout or keep (default).") String mode,
            @Option(names = {"-fs", "--flash-size", "--flash_size"}, defaultValue = "keep", paramLabel = "SIZE",
                    description = "Patch the image header at 0x0: 256KB, 512KB, 1MB, 2MB, 4MB, 2MB-c1, 4MB-c1, 8MB, 16MB, detect (what the flash chip reports) or keep (default).") String size,
            @Option(names = {"-ff", "--flash-freq", "--flash_freq"}, defaultValue = "keep", paramLabel = "FREQ",
                    description = "Patch the image header at 0x0: 80m, 40m, 26m, 20m or keep (default).") String freq,
            @Option(names = {"-e", "--erase-all", "--erase_all"}, description = "Erase the whole flash first (esptool -e).") boolean eraseAll,
            @Option(names = {"-z", "--compress"}, description = "Accepted; the ROM has no compressed write (esptool's stub has), so data goes uncompressed.") boolean compress,
            @Option(names = {"-u", "--no-compress", "--no_compress"}, description = "Accepted (uncompressed is the only way the ROM writes).") boolean noCompress,
            @Option(names = "--verify", converter = EsptoolNames.VerifyLevel.class, preprocessor = EsptoolNames.BareVerify.class,
                    paramLabel = "full|sample|none",
                    description = "Read back through the SPI registers: every byte (full), the first, last and every 64th 1 KB block (sample), or nothing."
                            + " Default: full up to 256 KB written, sample above (and the last line says so)."
                            + " A bare --verify, as esptool v4 takes it, means full.") Verify verify)
            throws IOException {
        List<FlashRegion> files = ImageFiles.read(pairs);
        ImageFiles.checkValues(mode, size, freq);
        return withFlasher(f -> {
            if (compress) {
                err().println("Note: the ESP8266 ROM has no compressed write (esptool gets one from its stub); writing uncompressed.");
            }
            long flashId = f.flashId();
            long flashSize = Esp8266Target.flashSizeFromJedec(flashId);
            String sizeNow = ImageFiles.isDetect(size) ? ImageFiles.detectedSize(flashId, err()) : size;
            List<FlashRegion> regions = ImageFiles.patched(files, mode, sizeNow, freq, err());
            for (FlashRegion r : regions) {
                if (flashSize > 0 && r.offset() + r.data().length > flashSize) {
                    throw LabException.badInput(String.format("%s (%d bytes at 0x%X) runs past the end of the %s flash",
                            r.source(), r.data().length, r.offset(), Numbers.size(flashSize)), "check the offset");
                }
            }
            if (eraseAll) {
                eraseAll(f, flashSize);
            }
            long total = regions.stream().mapToLong(r -> r.data().length).sum();
            Verify level = verify != null ? verify : Verify.defaultFor(total);
            WriteReport rep;
            try (ProgressReporter progress = new ProgressReporter(err(), ProgressReporter.stderrIsTerminal())) {
                rep = f.writeFlash(regions, level, progress);
            }
            writeSummary(rep).forEach(out()::println);
            out().println(verifySummary(rep, level));
        });
    }

    /** esptool's line per region ("Wrote N bytes at 0x... in T seconds (R kbit/s)..."), then what esptool leaves out. */
    static List<String> writeSummary(WriteReport rep) {
        List<String> lines = new ArrayList<>();
        for (WriteReport.Region r : rep.regions()) {
            lines.add(String.format(Locale.ROOT, "Wrote %d bytes at 0x%08x in %.1f seconds (%.1f kbit/s)...",
                    r.bytes(), r.offset(), r.seconds(), r.seconds() > 0 ? r.bytes() * 8 / r.seconds() / 1000 : 0.0));
        }
        // A pty or TCP bridge has no real line rate; the share of the line only means something below 100 %.
        String line = rep.lineEfficiency() > 0 && rep.lineEfficiency() <= 1.0
                ? String.format(Locale.ROOT, ", %.0f %% of the %d-baud line", 100 * rep.lineEfficiency(), rep.baud()) : "";
        lines.add(String.format(Locale.ROOT, "%d block(s) needed a retry; %.1f KB/s%s.", rep.blocksRetried(), rep.bytesPerSecond() / 1024, line));
        return lines;
    }

    static String verifySummary(WriteReport rep, Verify verify) {
        return switch (verify) {
            case FULL -> String.format(Locale.ROOT, "Verified: read all %d bytes back from flash through the SPI controller (%.1f s); they match.",
                    rep.bytesReadBack(), rep.verifySeconds());
            case SAMPLE -> String.format(Locale.ROOT, "Partly verified: read back %d of %d bytes (first, last and every 64th 1 KB block); they match. "
                    + "The other bytes were confirmed only by the ROM's checksum on arrival; to read every byte back, run verify-flash "
                    + "with the same OFFSET FILE pairs (or write with --verify full).", rep.bytesReadBack(), rep.bytesWritten());
            case NONE -> "Not verified: nothing was read back (--verify none); the ROM's checksum confirmed each block on arrival only.";
        };
    }

    @Command(name = "read-flash", aliases = "read_flash", mixinStandardHelpOptions = true,
            description = "Read SIZE bytes (or ALL) of flash at ADDRESS into FILE, through the SPI registers (the ROM has no READ_FLASH).")
    int readFlash(@Parameters(index = "0", paramLabel = "ADDRESS") String address, @Parameters(index = "1", paramLabel = "SIZE") String size,
            @Parameters(index = "2", paramLabel = "FILE") Path file) throws IOException {
        long off = Numbers.parse(address, "address");
        boolean all = size.equalsIgnoreCase("all");
        long len = all ? 0 : Numbers.parse(size, "size");
        checkWritable(file);
        return withFlasher(f -> {
            long flashSize = Esp8266Target.flashSizeFromJedec(f.flashId());
            long n = all ? flashSize - off : len;
            if (flashSize > 0 && (off + n > flashSize || n <= 0)) {
                throw LabException.badInput(String.format("0x%X bytes at 0x%X run past the end of the %s flash", n, off, Numbers.size(flashSize)),
                        "give an address and size inside the flash");
            }
            long t0 = System.nanoTime();
            byte[] data;
            try (ProgressReporter progress = new ProgressReporter(err(), ProgressReporter.stderrIsTerminal())) {
                data = f.readFlash(off, (int) n, progress);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            try {
                Files.write(file, data);
            } catch (IOException e) {
                throw LabException.failure("cannot write " + file + ": " + e.getMessage(), "check the folder exists and is writable");
            }
            out().printf(Locale.ROOT, "Read %d bytes at 0x%08x in %.1f seconds (%.1f kbit/s)...%n", n, off, secs, secs > 0 ? n * 8 / secs / 1000 : 0.0);
        });
    }

    @Command(name = "verify-flash", aliases = "verify_flash", mixinStandardHelpOptions = true,
            description = {"Compare files with what the flash holds, reading every byte back (the ROM cannot hash: esptool's stub can).",
                "-fm/-fs/-ff patch the image at 0x0 first, as write-flash would have."})
    int verifyFlash(
            @Parameters(arity = "2..*", paramLabel = "OFFSET FILE") List<String> pairs,
            @Option(names = {"-fm", "--flash-mode", "--flash_mode"}, defaultValue = "keep", paramLabel = "MODE") String mode,
            @Option(names = {"-fs", "--flash-size", "--flash_size"}, defaultValue = "keep", paramLabel = "SIZE") String size,
            @Option(names = {"-ff", "--flash-freq", "--flash_freq"}, defaultValue = "keep", paramLabel = "FREQ") String freq,
            @Option(names = "--diff", paramLabel = "yes|no", defaultValue = "no", description = "Show each differing byte (esptool --diff yes).") String diff)
            throws IOException {
        List<FlashRegion> files = ImageFiles.read(pairs);
        ImageFiles.checkValues(mode, size, freq);
        return withFlasher(f -> {
            long flashId = f.flashId();
            String sizeNow = ImageFiles.isDetect(size) ? ImageFiles.detectedSize(flashId, err()) : size;
            boolean failed = false;
            for (FlashRegion r : ImageFiles.patched(files, mode, sizeNow, freq, err())) {
                out().printf("Verifying 0x%x (%d) bytes @ 0x%08x in flash against %s...%n", r.data().length, r.data().length, r.offset(), r.source());
                byte[] got;
                try (ProgressReporter progress = new ProgressReporter(err(), ProgressReporter.stderrIsTerminal())) {
                    got = f.readFlash(r.offset(), r.data().length, progress);
                }
                List<Integer> differ = new ArrayList<>();
                for (int i = 0; i < got.length; i++) {
                    if (got[i] != r.data()[i]) {
                        differ.add(i);
                    }
                }
                if (differ.isEmpty()) {
                    out().println("-- verify OK (every byte read back and compared)");
                    continue;
                }
                failed = true;
                out().printf("-- verify FAILED: %d differences, the first at 0x%08x%n", differ.size(), r.offset() + differ.get(0));
                if (diff.equalsIgnoreCase("yes")) {
                    for (int i : differ) {
                        out().printf("   %08x %02x %02x%n", r.offset() + i, r.data()[i] & 0xFF, got[i] & 0xFF);
                    }
                }
            }
            if (failed) {
                throw LabException.failure("Verify failed: the flash does not hold what the file(s) have",
                        "write them again with write-flash (erase first with erase-flash if it repeats)");
            }
        });
    }

    @Command(name = "erase-flash", aliases = "erase_flash", mixinStandardHelpOptions = true,
            description = "Erase the whole flash (one FLASH_BEGIN over all of it: the ROM has no chip erase, esptool's stub has).")
    int eraseFlash() throws IOException {
        return withFlasher(f -> eraseAll(f, Esp8266Target.flashSizeFromJedec(f.flashId())));
    }

    private void eraseAll(Esp8266Flasher f, long flashSize) throws IOException {
        if (flashSize <= 0) {
            throw LabException.failure("cannot tell the flash size from its id, so cannot erase all of it",
                    "use erase-region 0x0 SIZE with the size of your flash");
        }
        err().println("Erasing flash (this may take a while)...");
        long t0 = System.nanoTime();
        f.eraseFlash(flashSize);
        out().printf(Locale.ROOT, "Chip erase completed successfully in %.1fs%n", (System.nanoTime() - t0) / 1e9);
    }

    @Command(name = "erase-region", aliases = "erase_region", mixinStandardHelpOptions = true,
            description = "Erase whole 4 KB sectors: OFFSET and SIZE multiples of 0x1000.")
    int eraseRegion(@Parameters(index = "0", paramLabel = "OFFSET") String offset, @Parameters(index = "1", paramLabel = "SIZE") String size)
            throws IOException {
        long off = Numbers.parse(offset, "offset");
        long len = Numbers.parse(size, "size");
        return withFlasher(f -> {
            err().println("Erasing region (may be slow depending on size)...");
            long t0 = System.nanoTime();
            f.eraseRegion(off, len);
            out().printf(Locale.ROOT, "Erase completed successfully in %.1f seconds.%n", (System.nanoTime() - t0) / 1e9);
        });
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

    @Command(name = "read-mem", aliases = "read_mem", mixinStandardHelpOptions = true, description = "Read a 32-bit word of memory or a register (READ_REG).")
    int readMem(@Parameters(index = "0", paramLabel = "ADDRESS") String address) throws IOException {
        long a = Numbers.parse(address, "address");
        return withFlasher(f -> out().printf("0x%08x = 0x%08x%n", a, f.readMemory(a)));
    }

    @Command(name = "write-mem", aliases = "write_mem", mixinStandardHelpOptions = true, description = "Write a 32-bit word of memory or a register (WRITE_REG), under MASK.")
    int writeMem(@Parameters(index = "0", paramLabel = "ADDRESS") String address, @Parameters(index = "1", paramLabel = "VALUE") String value,
            @Parameters(index = "2", paramLabel = "MASK", defaultValue = "0xFFFFFFFF") String mask) throws IOException {
        long a = Numbers.parse(address, "address");
        long v = Numbers.parse(value, "value");
        long m = Numbers.parse(mask, "mask");
        return withFlasher(f -> {
            f.writeMemory(a, v, m);
            out().printf("Wrote %08x, mask %08x to %08x%n", v, m, a);
        });
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Leave the bootloader and run the firmware in flash.")
    int run() throws IOException {
        return withFlasher(f -> {
            f.run();
            err().println("Running the firmware.");
        }, false);
    }

    @Command(name = "image-info", aliases = "image_info", mixinStandardHelpOptions = true,
            description = "Show an ESP8266 (v1) image's header, segments, entry point and whether its checksum is valid. No board needed.")
    int imageInfo(@Parameters(index = "0", paramLabel = "FILE") Path file) {
        ImageInfo.print(file, out());
        return 0;
    }

    @Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
    int version() {
        String v = FlashCommand.class.getPackage().getImplementationVersion();
        out().println(VERSION_LINE);
        out().println("ussl-lab " + (v == null ? "(development build)" : v));
        return 0;
    }

    private interface Step {
        void run(Esp8266Flasher f) throws IOException;
    }

    private static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw LabException.badInput("no folder " + parent + " to write " + file.getFileName() + " in", "create it or give another path");
        }
    }

    /** esptool's -p: the option, $ESPTOOL_PORT (its default), or the only serial port present. */
    private String resolvePort() {
        if (port != null && !port.isBlank()) {
            return port;
        }
        String chosen = choosePort(PortsCommand.presentPorts());
        err().println("Using " + chosen + ", the only serial port present (give -p PORT to choose another).");
        return chosen;
    }

    /** The only port present, else a bad-usage error listing what is there. */
    static String choosePort(List<String> present) {
        if (present.size() == 1) {
            return present.get(0);
        }
        throw LabException.badInput(present.isEmpty()
                ? "no --port given and no serial port found"
                : "no --port given and " + present.size() + " serial ports present (" + String.join(", ", present) + ")",
                present.isEmpty() ? "plug the board in, or give -p PORT (a socat link, socket://HOST:PORT); ESPTOOL_PORT works too"
                        : "choose one with -p PORT (or set ESPTOOL_PORT)");
    }

    private Esp8266Flasher.Options options() {
        if (!(timeoutSeconds >= 0.1 && timeoutSeconds <= 600)) {
            throw LabException.badInput("--timeout " + timeoutSeconds + " is out of range", "give seconds between 0.1 and 600, e.g. --timeout 10");
        }
        if (connectAttempts < 1 || connectAttempts > 1000) {
            throw LabException.badInput("--connect-attempts " + connectAttempts + " is out of range", "give 1 or more, e.g. --connect-attempts 7");
        }
        PrintWriter err = err();
        return new Esp8266Flasher.Options(Duration.ofMillis(Math.round(timeoutSeconds * 1000)), connectAttempts,
                trace ? line -> { err.println(line); err.flush(); } : null);
    }

    private int withFlasher(Step step) throws IOException {
        return withFlasher(step, true);
    }

    private int withFlasher(Step step, boolean honourAfter) throws IOException {
        String p = resolvePort();
        if (baud < 300 || baud > 4_000_000) {
            throw LabException.badInput("baud rate " + baud + " is out of range", "use e.g. 115200");
        }
        Esp8266Flasher.Options options = options();
        PrintWriter err = err();
        try (SerialLink link = SerialLinks.open(p, baud)) {
            err.println("Serial port " + p);
            err.println("Connecting...");
            Esp8266Flasher f = Esp8266Flasher.connect(link, before, options);
            String description = f.chipDescription();
            err.println("Chip is " + description);
            err.println("Features: " + Esp8266Target.chipFeatures(description));
            err.println("Crystal is " + f.crystalMhz() + "MHz");
            err.println("MAC: " + Esp8266Target.formatMac(f.readMac()));
            if (f.pendingBaud() > 0) {
                err.println("Changing baud rate to " + f.pendingBaud());
                f.changeBaud(f.pendingBaud());
                err.println("Changed.");
            }
            err.flush();
            step.run(f);
            if (!honourAfter) {
                return 0;
            }
            err.println("Leaving...");
            try {
                switch (after) {
                    case HARD_RESET -> err.println("Hard resetting via RTS pin...");
                    case SOFT_RESET -> err.println("Soft resetting...");
                    case NO_RESET -> err.println("Staying in bootloader.");
                }
                f.finish(after);
            } catch (NoModemLinesException e) {
                // The work is done; only the reset is impossible here. Say so, but do not fail it.
                err.println("Warning: the board was not reset: " + p + " has no modem lines; press RESET"
                        + " (or use --after soft-reset or --after no-reset).");
            }
            return 0;
        } catch (IOException e) {
            throw LabException.failure("lost the connection to " + p + ": " + e.getMessage(),
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
