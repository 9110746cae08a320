package dev.ussllab.device.board;

import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.rom.Slip;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One emulated ESP8266 board on a UART (an InputStream/OutputStream pair: stdio behind socat, a
 * TCP connection, or a pseudo-terminal). After a reset it runs either the ROM serial loader
 * ({@link BootMode#BOOTLOADER}) or its {@link Firmware} ({@link BootMode#FIRMWARE}); FLASH_END
 * with the reboot flag, {@link #reset}, a firmware's own request, or an injected fault switch
 * between them. Bytes take the time the simulated baud rate gives them.
 */
public final class BoardEmulator {

    /** What the ESP8266 ROM prints at reset (at 74880 baud on a real board, so usually garbled). */
    static final String BOOT_LINE = "\r\n ets Jan  8 2013,rst cause:2, boot mode:(%d,%d)\r\n\r\n";
    /** A Wemos D1 mini style default: Espressif's 18:FE:34 OUI. */
    public static final byte[] DEFAULT_MAC = {0x18, (byte) 0xFE, 0x34, (byte) 0xA1, (byte) 0xB2, (byte) 0xC3};

    /** A host read returning faster than this found its bytes already waiting. */
    private static final long BACKLOG_NANOS = 300_000;

    private final FlashMemory flash;
    private final byte[] mac;
    private final long jedecId;
    private final int baud;
    private final Faults faults;
    private final Firmware firmware;
    private final BootMode initialMode;
    private final long chipMagic;
    private volatile BoardInput input;
    private volatile BootMode mode;

    private BoardEmulator(Builder b) {
        this.flash = Objects.requireNonNull(b.flash, "flash");
        this.mac = b.mac.clone();
        this.jedecId = b.jedecId != 0 ? b.jedecId : Esp8266Target.winbondJedecId(flash.size());
        this.baud = b.baud;
        this.faults = b.faults;
        this.firmware = b.firmware;
        this.initialMode = b.mode;
        this.chipMagic = b.chipMagic;
        this.mode = b.mode;
    }

    public static Builder builder(FlashMemory flash) {
        return new Builder(flash);
    }

    /** The mode of the current boot. */
    public BootMode mode() {
        return mode;
    }

    public FlashMemory flash() {
        return flash;
    }

    /** Resets the board from the outside (what DTR/RTS do on a real board). */
    public void reset(BootMode next) {
        BoardInput in = input;
        if (in != null) {
            in.reset(next);
        } else {
            mode = next;
        }
    }

    /**
     * Runs the board on this UART until the host side ends (EOF). Each call is a power-on into
     * the configured mode.
     */
    public void run(InputStream hostToBoard, OutputStream boardToHost) throws IOException {
        BoardInput in = new BoardInput();
        LinePacer rx = new LinePacer(baud);
        BoardOutput out = new BoardOutput(boardToHost, baud, rx, faults);
        input = in;
        Thread pump = new Thread(() -> pump(hostToBoard, in, rx), "board-uart-rx");
        pump.setDaemon(true);
        pump.start();
        BootMode next = initialMode;
        try {
            while (!in.ended()) {
                BootMode r = in.takeReset();
                if (r != null) {
                    next = r;
                }
                mode = next;
                try {
                    next = boot(next, in, out);
                } catch (BoardResetException e) {
                    // The reset's mode is picked up at the top of the loop.
                }
            }
        } finally {
            input = null;
            flash.sync();
        }
    }

    private BootMode boot(BootMode m, BoardInput in, BoardOutput out) throws IOException {
        Instant bootTime = Instant.now();
        if (m == BootMode.BOOTLOADER) {
            out.write(String.format(BOOT_LINE, 1, 7).getBytes(StandardCharsets.US_ASCII));
            return runLoader(in, out);
        }
        out.write(String.format(BOOT_LINE, 3, 6).getBytes(StandardCharsets.US_ASCII));
        if (firmware != null) {
            firmware.run(in, out, new Context(bootTime));
        }
        // Halted (or no firmware): the board sits there; input is read and ignored until a reset.
        byte[] sink = new byte[256];
        while (in.read(sink, 0, sink.length) >= 0) {
            // discard
        }
        return BootMode.FIRMWARE;
    }

    private BootMode runLoader(BoardInput in, BoardOutput out) throws IOException {
        RomLoader loader = new RomLoader(flash, mac, jedecId, baud, faults.stuckOffsets(), chipMagic);
        Slip.Decoder decoder = new Slip.Decoder();
        byte[] buf = new byte[2048];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte[] packet = decoder.feed(buf[i]);
                if (packet == null) {
                    continue;
                }
                RomLoader.Result r = loader.handle(packet);
                if (r.newBaud() > 0) {
                    out.setBaud(r.newBaud());
                }
                for (var reply : r.replies()) {
                    out.write(reply.frame());
                }
                out.flush();
                switch (r.after()) {
                    case RUN_FIRMWARE -> {
                        return BootMode.FIRMWARE;
                    }
                    case RUN_STUB -> {
                        return runStub(new StubLoader(flash, loader, faults.stuckOffsets()), in, out);
                    }
                    case STAY_SILENT -> {
                        drainUntilReset(in);
                        return BootMode.BOOTLOADER;
                    }
                    case STAY -> { }
                }
            }
        }
        return BootMode.BOOTLOADER;
    }

    /** esptool's flasher stub, running in RAM: greets with OHAI, then serves its protocol until a reset. */
    private BootMode runStub(StubLoader stub, BoardInput in, BoardOutput out) throws IOException {
        out.write(StubLoader.greeting());
        out.flush();
        Slip.Decoder decoder = new Slip.Decoder();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte[] packet = decoder.feed(buf[i]);
                if (packet == null) {
                    continue;
                }
                StubLoader.Result r = stub.handle(packet);
                for (byte[] frame : r.frames()) {
                    out.write(frame);
                }
                out.flush();
                if (r.newBaud() > 0) {
                    out.setBaud(r.newBaud()); // the stub switches after its reply has gone
                }
                if (r.after() == StubLoader.After.RUN_FIRMWARE) {
                    return BootMode.FIRMWARE;
                }
            }
        }
        return BootMode.BOOTLOADER;
    }

    /** The CPU runs code we cannot see: nothing answers until a reset. */
    private static void drainUntilReset(BoardInput in) throws IOException {
        byte[] sink = new byte[256];
        while (in.read(sink, 0, sink.length) >= 0) {
            // discard
        }
    }

    /** Moves host bytes into the board at the line rate, applying the input faults. */
    private void pump(InputStream from, BoardInput in, LinePacer pacer) {
        byte[] buf = new byte[256];
        long received = 0;
        try {
            int n;
            long readStart = System.nanoTime();
            while ((n = from.read(buf)) >= 0) {
                // A read that returns at once found bytes already queued: the line was busy throughout.
                boolean backlog = System.nanoTime() - readStart < BACKLOG_NANOS;
                pacer.pace(n, backlog);
                readStart = System.nanoTime();
                if (faults.isEmpty()) {
                    in.deliver(buf, n);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    received++;
                    Faults.Fault f = faults.at(received, Faults.Kind.DROP_IN, Faults.Kind.CORRUPT_IN,
                            Faults.Kind.STALL, Faults.Kind.RESET);
                    if (f == null) {
                        in.deliver(new byte[] {buf[i]}, 1);
                        continue;
                    }
                    switch (f.kind()) {
                        case CORRUPT_IN -> in.deliver(new byte[] {(byte) (buf[i] ^ 0x01)}, 1);
                        case STALL -> {
                            in.deliver(new byte[] {buf[i]}, 1);
                            Thread.sleep(f.stall().toMillis());
                        }
                        case RESET -> in.reset(BootMode.BOOTLOADER);
                        default -> { } // DROP_IN: the byte is lost on the line
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InterruptedIOException e) {
            // stopping
        } catch (IOException e) {
            // The host side went away: same as EOF.
        } finally {
            in.endOfInput();
        }
    }

    private final class Context implements BoardContext {
        private final Instant bootTime;

        Context(Instant bootTime) {
            this.bootTime = bootTime;
        }

        @Override
        public FlashMemory flash() {
            return flash;
        }

        @Override
        public byte[] mac() {
            return mac.clone();
        }

        @Override
        public Instant bootTime() {
            return bootTime;
        }

        @Override
        public void requestReset(BootMode next) {
            reset(next);
        }
    }

    public static final class Builder {
        private final FlashMemory flash;
        private byte[] mac = DEFAULT_MAC;
        private long jedecId;
        private int baud;
        private Faults faults = Faults.none();
        private Firmware firmware;
        private BootMode mode = BootMode.BOOTLOADER;
        private long chipMagic = Esp8266Target.CHIP_MAGIC;

        private Builder(FlashMemory flash) {
            this.flash = flash;
        }

        public Builder mac(byte[] mac) {
            Esp8266Target.efusesForMac(mac); // validates
            this.mac = mac.clone();
            return this;
        }

        /** The flash chip's JEDEC id; default a Winbond part of the flash's size (0x1640EF for 4 MB). */
        public Builder jedecId(long id) {
            this.jedecId = id;
            return this;
        }

        /** Simulated line rate; 0 = as fast as the host side goes. */
        public Builder baud(int baud) {
            this.baud = baud;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        public Builder firmware(Firmware firmware) {
            this.firmware = firmware;
            return this;
        }

        public Builder mode(BootMode mode) {
            this.mode = mode;
            return this;
        }

        /** The value at the chip-detect address; another chip's value lets tests check that flashers refuse it. */
        public Builder chipMagic(long magic) {
            this.chipMagic = magic;
            return this;
        }

        public BoardEmulator build() {
            return new BoardEmulator(this);
        }
    }
}
