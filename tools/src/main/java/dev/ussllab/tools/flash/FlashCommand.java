package dev.ussllab.tools.flash;

import dev.ussllab.device.flasher.Esp8266Flasher;
import dev.ussllab.device.flasher.FlashRegion;
import dev.ussllab.device.flasher.ResetMode;
import dev.ussllab.device.flasher.Verify;
import dev.ussllab.device.flasher.WriteReport;
import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.rom.ImageHeader;
import dev.ussllab.device.serial.NoModemLinesException;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ussl-lab flash}: esptool's everyday commands against an ESP8266's ROM loader. */
@Command(name = "flash", mixinStandardHelpOptions = true,
        description = "Flash an ESP8266 over serial (or socket://HOST:PORT) through its ROM loader, or read its MAC, chip id and flash id.",
        subcommandsRepeatable = false)
public final class FlashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, required = true, paramLabel = "PORT",
            description = "Serial port (/dev/ttyUSB0, a symlink such as /tmp/ttyESP, a pty) or socket://HOST:PORT.")
    String port;

    @Option(names = {"-b", "--baud"}, defaultValue = "115200", description = "Baud rate (the ROM loader follows the rate it syncs at; default ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--before", defaultValue = "default-reset", converter = BeforeConverter.class, paramLabel = "default-reset|no-reset",
            description = "How to enter the bootloader: pulse DTR/RTS (default-reset) or assume it is there (no-reset).")
    ResetMode.Before before;

    @Option(names = "--after", defaultValue = "hard-reset", converter = AfterConverter.class, paramLabel = "hard-reset|soft-reset|no-reset",
            description = "What to do when done: pulse RTS to run the firmware (hard-reset), ask the ROM to run it (soft-reset), or stay in the loader (no-reset).")
    ResetMode.After after;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: write-flash, read-mac, chip-id, flash-id or erase-region");
    }

    @Command(name = "write-flash", aliases = "write_flash", mixinStandardHelpOptions = true,
            description = "Write files to flash at offsets (multiples of 0x1000), then read back as --verify says.")
    int writeFlash(
            @Parameters(arity = "2..*", paramLabel = "OFFSET FILE", description = "Pairs: offset, then the file to write there.") List<String> pairs,
            @Option(names = "--flash-mode", defaultValue = "keep", description = "Patch the image header: qio, qout, dio, dout or keep (default).") String mode,
            @Option(names = "--flash-size", defaultValue = "keep", description = "Patch the image header: 512KB ... 16MB or keep (default).") String size,
            @Option(names = "--flash-freq", defaultValue = "keep", description = "Patch the image header: 80m, 40m, 26m, 20m or keep (default).") String freq,
            @Option(names = "--verify", defaultValue = "sample", converter = VerifyConverter.class, paramLabel = "full|sample|none",
                    description = "Read back through the SPI registers: everything (full, ~8x the write time), the first, last and every 64th block (sample, default), or nothing.") Verify verify)
            throws IOException {
        List<FlashRegion> regions = regions(pairs, mode, size, freq);
        return withFlasher(f -> {
            long flashSize = Esp8266Target.flashSizeFromJedec(f.flashId());
            for (FlashRegion r : regions) {
                if (flashSize > 0 && r.offset() + r.data().length > flashSize) {
                    throw LabException.badInput(String.format("%s (%d bytes at 0x%X) runs past the end of the %s flash",
                            r.source(), r.data().length, r.offset(), Numbers.size(flashSize)), "check the offset");
                }
            }
            WriteReport rep;
            try (ProgressReporter progress = new ProgressReporter(err(), System.console() != null)) {
                rep = f.writeFlash(regions, verify, progress);
            }
            // A pty or TCP bridge has no real line rate; the share of the line only means something below 100 %.
            String line = rep.lineEfficiency() > 0 && rep.lineEfficiency() <= 1.0
                    ? String.format(", %.0f %% of the %d-baud line", 100 * rep.lineEfficiency(), rep.baud()) : "";
            out().printf("Wrote %d bytes in %d region(s) in %.1f s (%.1f KB/s%s); %d block(s) needed a retry%n",
                    rep.bytesWritten(), regions.size(), rep.writeSeconds(), rep.bytesPerSecond() / 1024, line, rep.blocksRetried());
            out().println(verifySummary(rep, verify));
        });
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

    private int withFlasher(Step step) throws IOException {
        if (baud < 300 || baud > 4_000_000) {
            throw LabException.badInput("baud rate " + baud + " is out of range", "use e.g. 115200");
        }
        try (SerialLink link = SerialLinks.open(port, baud)) {
            Esp8266Flasher f = Esp8266Flasher.connect(link, before, Esp8266Flasher.Options.DEFAULT);
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

    private List<FlashRegion> regions(List<String> pairs, String mode, String size, String freq) {
        if (pairs.size() % 2 != 0) {
            throw LabException.badInput("write-flash takes OFFSET FILE pairs; '" + pairs.get(pairs.size() - 1) + "' has no partner",
                    "e.g. write-flash 0x0 firmware.bin");
        }
        List<FlashRegion> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            long offset = Numbers.parse(pairs.get(i), "offset");
            if (offset % Esp8266Target.FLASH_SECTOR_SIZE != 0) {
                throw LabException.badInput(String.format("offset 0x%X is not a multiple of 0x1000", offset),
                        "the ROM erases whole 4 KB sectors: writing there would wipe the bytes before it");
            }
            Path file = Path.of(pairs.get(i + 1));
            byte[] data;
            try {
                data = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw LabException.badInput("no such file " + file, "check the path of the image");
            } catch (IOException e) {
                throw LabException.badInput("cannot read " + file + ": " + e.getMessage(), "check the path and permissions");
            }
            if (data.length == 0) {
                throw LabException.badInput(file + " is empty", "check it is the image you meant");
            }
            if (ImageHeader.isBootImage(offset, data)) {
                try {
                    data = ImageHeader.patch(data, mode, size, freq);
                } catch (IllegalArgumentException e) {
                    throw LabException.badInput(e.getMessage(), "see ussl-lab flash write-flash --help");
                }
            } else if (offset == 0 && !(isKeep(mode) && isKeep(size) && isKeep(freq))) {
                err().println("Warning: " + file + " at 0x0 has no image header (0xE9); flash mode/size/freq left as they are.");
            }
            for (FlashRegion r : out) {
                if (offset < r.offset() + r.data().length && r.offset() < offset + data.length) {
                    throw LabException.badInput(file + " overlaps " + r.source(), "check the offsets");
                }
            }
            out.add(new FlashRegion(offset, data, file.getFileName().toString()));
        }
        return out;
    }

    private static boolean isKeep(String v) {
        return v == null || v.equalsIgnoreCase("keep");
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static String normalise(String v) {
        return v.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static final class BeforeConverter implements CommandLine.ITypeConverter<ResetMode.Before> {
        @Override
        public ResetMode.Before convert(String v) {
            return switch (normalise(v)) {
                case "default-reset" -> ResetMode.Before.DEFAULT_RESET;
                case "no-reset" -> ResetMode.Before.NO_RESET;
                default -> throw new CommandLine.TypeConversionException("'" + v + "' is not default-reset or no-reset");
            };
        }
    }

    static final class AfterConverter implements CommandLine.ITypeConverter<ResetMode.After> {
        @Override
        public ResetMode.After convert(String v) {
            return switch (normalise(v)) {
                case "hard-reset" -> ResetMode.After.HARD_RESET;
                case "soft-reset" -> ResetMode.After.SOFT_RESET;
                case "no-reset" -> ResetMode.After.NO_RESET;
                default -> throw new CommandLine.TypeConversionException("'" + v + "' is not hard-reset, soft-reset or no-reset");
            };
        }
    }

    static final class VerifyConverter implements CommandLine.ITypeConverter<Verify> {
        @Override
        public Verify convert(String v) {
            try {
                return Verify.valueOf(normalise(v).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + v + "' is not full, sample or none");
            }
        }
    }
}
