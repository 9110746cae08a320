package dev.ussllab.device.flasher;

import static dev.ussllab.device.rom.Esp8266Target.*;

import dev.ussllab.device.rom.EraseSize;
import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomOpcode;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.device.rom.RomStatus;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Talks to an ESP8266's ROM serial loader (no RAM stub): sync, chip detection, MAC, chip id,
 * flash id, erase and write, and a read-back through the SPI controller. Every failure is a
 * {@link LabException} naming the step, the ROM's status and what to try.
 */
public final class Esp8266Flasher {

    /** esptool DEFAULT_TIMEOUT: most ROM commands answer well within this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** esptool ERASE_REGION_TIMEOUT_PER_MB: FLASH_BEGIN erases before answering. */
    static final double ERASE_SECONDS_PER_MB = 30;
    /** esptool SYNC_TIMEOUT, connect attempts and SYNCs per attempt (loader.py _connect_attempt). */
    static final Duration SYNC_TIMEOUT = Duration.ofMillis(100);
    static final int SYNCS_PER_ATTEMPT = 5;
    static final long SYNC_PAUSE_MS = 50;
    /** esptool WRITE_BLOCK_ATTEMPTS. */
    static final int WRITE_BLOCK_ATTEMPTS = 3;

    private static final String HINT_CABLE = "check the port, the cable and that the board is in bootloader mode";
    private static final String HINT_PARTLY_WRITTEN = "the flash was left partly written; ";
    private static final String HINT_LOST = "reconnect the board (in bootloader mode) or restart the bridge, then run the same command again";

    /** esptool DEFAULT_CONNECT_ATTEMPTS. */
    public static final int DEFAULT_CONNECT_ATTEMPTS = 7;

    /** esptool's defaults; the CLI's --timeout and --connect-attempts change them (a slow bridge), tests too. */
    /** {@code trace} gets one line per packet sent and received (esptool --trace), or null. */
    public record Options(Duration commandTimeout, int connectAttempts, java.util.function.Consumer<String> trace) {
        public static final Options DEFAULT = new Options(DEFAULT_TIMEOUT, DEFAULT_CONNECT_ATTEMPTS);

        public Options(Duration commandTimeout, int connectAttempts) {
            this(commandTimeout, connectAttempts, null);
        }
    }

    private final RomConnection conn;
    private final Options options;
    private final String port;

    private Esp8266Flasher(SerialLink link, Options options) {
        this.conn = new RomConnection(link, options.trace());
        this.options = options;
        this.port = link.name();
    }

    /** esptool ESP_ROM_BAUD: the rate esptool connects at before it raises the rate (esptool initial_baud = min(this, --baud)). */
    public static final int ROM_BAUD = 115200;
    /** The ROM writes the divider, waits this long, then replies: time for the host to switch its rate too. */
    static final long BAUD_SWITCH_DELAY_US = 20_000;

    /**
     * Resets (if asked), syncs and checks the chip is an ESP8266. As esptool, it connects at
     * min(115200, the link's rate); {@link #changeBaud} then raises the rate if the link asked for more.
     */
    public static Esp8266Flasher connect(SerialLink link, ResetMode.Before before, Options options) throws IOException {
        Esp8266Flasher f = new Esp8266Flasher(link, options);
        f.targetBaud = link.baud();
        if (link.controlsBaud() && link.baud() > ROM_BAUD) {
            link.setBaud(ROM_BAUD);
        }
        f.sync(before);
        f.detectChip();
        return f;
    }

    private int targetBaud;

    /** The rate the link asked for when it is above the rate we connected at (and the link can change rate), else 0. */
    public int pendingBaud() {
        return conn.link().controlsBaud() && targetBaud > conn.link().baud() ? targetBaud : 0;
    }

    /**
     * Raises the line rate the ROM way: the ROM has no CHANGE_BAUDRATE (esptool's stub has), but
     * its UART divider is a register. From the divider the ROM measured at sync we know the UART
     * clock (52 MHz on a 26 MHz crystal), so WRITE_REG sets clock / baud; the ROM waits
     * delay_us before replying, at the new rate, while we switch ours.
     */
    public void changeBaud(int baud) throws IOException {
        SerialLink link = conn.link();
        int from = link.baud();
        long clock = (readReg(UART_CLKDIV_REG) & UART_CLKDIV_MASK) * from;
        long div = Math.round((double) clock / baud);
        RomCommand c = RomCommand.writeReg(UART_CLKDIV_REG, div, UART_CLKDIV_MASK, BAUD_SWITCH_DELAY_US);
        try {
            conn.flushInput();
            link.write(c.frame());
            // Let the request leave at the old rate (10 bits a byte) before switching ours.
            sleep(c.frame().length * 10_000L / from + 2);
            link.setBaud(baud);
            RomResponse r = conn.awaitReply(c.opcode(), options.commandTimeout());
            if (r == null || !r.ok() || readReg(CHIP_DETECT_MAGIC_REG) != CHIP_MAGIC) {
                throw LabException.failure("the board on " + port + " did not answer at " + baud + " baud after the rate change",
                        "use a lower rate (-b 115200 always works) or a shorter cable, then run the command again");
            }
        } catch (LabException e) {
            throw e.getMessage().contains("did not answer at") ? e
                    : LabException.failure("the board on " + port + " did not answer at " + baud + " baud after the rate change",
                            "use a lower rate (-b 115200 always works) or a shorter cable, then run the command again");
        } catch (IOException e) {
            throw lost("change the baud rate to " + baud, e, "");
        }
    }

    private void sync(ResetMode.Before before) throws IOException {
        for (int attempt = 0; attempt < options.connectAttempts(); attempt++) {
            if (before == ResetMode.Before.DEFAULT_RESET) {
                try {
                    ResetMode.classicReset(conn.link());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw LabException.failure("interrupted while resetting the board on " + port, null);
                }
            }
            for (int i = 0; i < SYNCS_PER_ATTEMPT; i++) {
                try {
                    conn.flushInput();
                    RomResponse r = conn.command(RomCommand.sync(), SYNC_TIMEOUT);
                    if (r != null && r.ok()) {
                        // The ROM answers each SYNC 8 times; let the other 7 arrive and drop them.
                        conn.drain(SYNC_TIMEOUT);
                        return;
                    }
                } catch (IOException e) {
                    throw lost("connect (SYNC)", e, "");
                }
                sleep(SYNC_PAUSE_MS);
            }
        }
        throw LabException.failure("Failed to connect to an ESP8266 on " + port + ": no reply to SYNC after "
                + options.connectAttempts() + " attempts",
                before == ResetMode.Before.NO_RESET
                        ? "with --before no-reset the board must already be in bootloader mode (hold GPIO0/FLASH low while pressing RESET); check the port and cable"
                        : "check the port and cable; if the reset circuit is missing, hold GPIO0/FLASH low while pressing RESET and use --before no-reset");
    }

    private void detectChip() throws IOException {
        long magic = readReg(CHIP_DETECT_MAGIC_REG);
        if (magic != CHIP_MAGIC) {
            throw LabException.failure("found " + chipForMagic(magic) + " on " + port + ", not an ESP8266",
                    "ussl-lab flash supports the ESP8266 only; use esptool for other Espressif chips");
        }
    }

    public byte[] readMac() throws IOException {
        long mac0 = readReg(EFUSE_MAC0);
        long mac1 = readReg(EFUSE_MAC1);
        long mac3 = readReg(EFUSE_MAC3);
        try {
            return macFromEfuses(mac0, mac1, mac3);
        } catch (IllegalArgumentException e) {
            throw LabException.failure("cannot derive the MAC on " + port + ": " + e.getMessage(), "the efuses are not an ESP8266's");
        }
    }

    public long chipId() throws IOException {
        return chipIdFromEfuses(readReg(EFUSE_MAC0), readReg(EFUSE_MAC1));
    }

    /** "ESP8266EX" or "ESP8285" (esptool get_chip_description: efuse bits 4 and 80 mark the ESP8285). */
    public String chipDescription() throws IOException {
        return Esp8266Target.chipDescription(readReg(EFUSE_MAC0), readReg(EFUSE_MAC2));
    }

    public int crystalMhz() throws IOException {
        return Esp8266Target.crystalMhz(readReg(UART_CLKDIV_REG), conn.link().baud());
    }

    /** JEDEC id of the flash chip; FLASH_BEGIN(0, 0) first attaches the SPI pins as esptool does on the ESP8266. */
    public long flashId() throws IOException {
        attachFlash();
        return new SpiFlashAccess(this).readJedecId();
    }

    private void attachFlash() throws IOException {
        check("attach the SPI flash", RomCommand.flashBegin(0, 0, RomCommand.FLASH_BLOCK_SIZE, 0), options.commandTimeout());
    }

    /** Erases whole 4 KB sectors through FLASH_BEGIN with no data blocks (the ROM has no erase command). */
    public void eraseRegion(long offset, long size) throws IOException {
        if (offset % FLASH_SECTOR_SIZE != 0 || size % FLASH_SECTOR_SIZE != 0 || size <= 0) {
            throw LabException.badInput(String.format("erase region 0x%X+0x%X is not whole 4 KB sectors", offset, size),
                    "give an offset and size that are multiples of 0x1000");
        }
        check(String.format("erase 0x%X bytes at 0x%X", size, offset),
                RomCommand.flashBegin(EraseSize.corrected(offset, size), 0, RomCommand.FLASH_BLOCK_SIZE, offset), eraseTimeout(size));
    }

    /** Writes each region (padded, erase-corrected, block by block with retries), then reads back as asked. */
    public WriteReport writeFlash(List<FlashRegion> regions, Verify verify, Progress progress) throws IOException {
        attachFlash();
        long total = regions.stream().mapToLong(r -> padded(r.data()).length).sum();
        long written = 0;
        int retried = 0;
        timedOutFrames = 0;
        List<WriteReport.Region> done = new ArrayList<>();
        long wireBefore = conn.wireBytesOut();
        long t0 = System.nanoTime();
        for (FlashRegion r : regions) {
            long regionStart = System.nanoTime();
            byte[] data = padded(r.data());
            int blocks = (data.length + RomCommand.FLASH_BLOCK_SIZE - 1) / RomCommand.FLASH_BLOCK_SIZE;
            String where = String.format("at 0x%08X", r.offset());
            check("start writing " + r.source() + " " + where,
                    RomCommand.flashBegin(EraseSize.corrected(r.offset(), data.length), blocks, RomCommand.FLASH_BLOCK_SIZE, r.offset()),
                    eraseTimeout(data.length));
            for (int seq = 0; seq < blocks; seq++) {
                byte[] block = Arrays.copyOfRange(data, seq * RomCommand.FLASH_BLOCK_SIZE, (seq + 1) * RomCommand.FLASH_BLOCK_SIZE);
                int from = Math.min(data.length, (seq + 1) * RomCommand.FLASH_BLOCK_SIZE);
                if (from < (seq + 1) * RomCommand.FLASH_BLOCK_SIZE) {
                    Arrays.fill(block, from - seq * RomCommand.FLASH_BLOCK_SIZE, block.length, (byte) 0xFF);
                }
                retried += writeBlock(seq, blocks, block, r);
                int n = Math.min(RomCommand.FLASH_BLOCK_SIZE, data.length - seq * RomCommand.FLASH_BLOCK_SIZE);
                written += n;
                // One bar per file, in that file's bytes.
                progress.update("Writing " + r.source() + " " + where, Math.min((long) (seq + 1) * RomCommand.FLASH_BLOCK_SIZE, data.length), data.length);
            }
            done.add(new WriteReport.Region(r.offset(), data.length, (System.nanoTime() - regionStart) / 1e9));
        }
        settleLateReplies();
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        long wire = conn.wireBytesOut() - wireBefore;
        long t1 = System.nanoTime();
        long readBack = verify == Verify.NONE ? 0 : new ReadBack(new SpiFlashAccess(this)).check(regions, verify, progress);
        return new WriteReport(done, written, readBack, wire, writeSeconds, (System.nanoTime() - t1) / 1e9, retried, conn.link().baud());
    }

    /** FLASH_DATA frames that got no reply in time: the board may still answer them. */
    private int timedOutFrames;

    /**
     * The ROM's replies carry no sequence number. If a block timed out and was sent again, the
     * board may have answered the first copy late, so every later reply could belong to the block
     * before; the last block's own answer would then still be on its way. Wait for those
     * stragglers and fail if any of them reports an error, rather than claim a success we did not see.
     */
    private void settleLateReplies() throws IOException {
        try {
            for (int i = 0; i < timedOutFrames; i++) {
                RomResponse late = conn.awaitReply(RomOpcode.FLASH_DATA.code, options.commandTimeout());
                if (late == null) {
                    break; // that copy was lost on the line, as the timeout suggested
                }
                if (!late.ok()) {
                    throw LabException.failure("Failed to write flash: a late reply to a retried block reports " + RomStatus.describe(late.error()),
                            HINT_PARTLY_WRITTEN + HINT_CABLE + ", then run the same command again");
                }
            }
            conn.flushInput();
        } catch (IOException e) {
            throw lost("wait for the last replies to the written blocks", e, HINT_PARTLY_WRITTEN);
        }
    }

    /** Returns how many retries the block needed. */
    private int writeBlock(int seq, int blocks, byte[] block, FlashRegion r) {
        String step = String.format("write block %d of %d (%s at 0x%08X)", seq + 1, blocks,
                r.source(), r.offset() + (long) seq * RomCommand.FLASH_BLOCK_SIZE);
        int bootsBefore = conn.bootMessages();
        String lastProblem = null;
        int lastError = 0;
        try {
            for (int attempt = 0; attempt < WRITE_BLOCK_ATTEMPTS; attempt++) {
                RomResponse resp = conn.command(RomCommand.flashData(seq, block), options.commandTimeout());
                if (resp != null && resp.ok()) {
                    return attempt;
                }
                if (resp == null) {
                    timedOutFrames++;
                }
                lastError = resp == null ? -1 : resp.error();
                lastProblem = resp == null ? "no reply within " + options.commandTimeout().toMillis() + " ms" : RomStatus.describe(resp.error());
                // A late or garbled reply must not be taken for the next block's: wait it out and drop it.
                conn.drain(Duration.ofMillis(100));
            }
        } catch (IOException e) {
            throw lost(step, e, HINT_PARTLY_WRITTEN);
        }
        String written = seq == 0 ? "nothing of " + r.source() + " was written" : "the flash holds only the first " + seq + " block(s) of " + r.source();
        if (conn.bootMessages() > bootsBefore) {
            throw LabException.failure("Failed to " + step + " on " + port + ": the board reset (it printed its ROM boot message)"
                    + " and forgot the write in progress (" + lastProblem + ")",
                    written + "; check the power supply (a brown-out resets the ESP8266), the cable and the RESET/EN line, then run the same command again");
        }
        if (lastError == RomStatus.FAILED_TO_ACT && seq > 0) {
            throw LabException.failure("Failed to " + step + " on " + port + ": the board reset or restarted its loader"
                    + " and no longer knows the write in progress (" + lastProblem + ")",
                    written + "; check the power supply, the cable and the RESET/EN line, then run the same command again");
        }
        if (lastError == -1) {
            throw LabException.failure("Failed to " + step + " on " + port + ": the board stopped answering (" + lastProblem + ")",
                    written + "; check the cable and that the board is powered, then run the same command again (a slow bridge needs a longer --timeout)");
        }
        throw LabException.failure("Failed to " + step + " on " + port + ": " + lastProblem,
                HINT_PARTLY_WRITTEN + HINT_CABLE + ", then run the same command again");
    }

    /** The link itself broke (board unplugged, socat or the bridge gone); the link's message names the port. */
    private static LabException lost(String step, IOException e, String consequence) {
        return LabException.failure("Failed to " + step + ": " + e.getMessage(), consequence + HINT_LOST);
    }

    /** Leaves the board as asked: running the new firmware, or still in the loader. */
    public void finish(ResetMode.After after) throws IOException {
        switch (after) {
            case HARD_RESET -> {
                try {
                    ResetMode.hardReset(conn.link());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case SOFT_RESET -> {
                // esptool soft_reset() for the ROM: FLASH_BEGIN(0, 0) then FLASH_END "run user code".
                attachFlash();
                check("leave the bootloader", RomCommand.flashEnd(true), options.commandTimeout());
            }
            case NO_RESET -> { }
        }
    }

    /** Commands sent back to back (see RomConnection.pipelined); fails on a missing or failed reply. */
    List<RomResponse> pipelined(String what, List<RomCommand> commands) {
        List<RomResponse> replies;
        try {
            replies = conn.pipelined(commands, options.commandTimeout());
        } catch (IOException e) {
            throw lost(what, e, "");
        }
        if (replies == null) {
            throw LabException.failure("Failed to " + what + " on " + port + ": no reply within " + options.commandTimeout().toMillis() + " ms", HINT_CABLE);
        }
        for (RomResponse r : replies) {
            if (!r.ok()) {
                throw LabException.failure("Failed to " + what + " on " + port + ": " + RomStatus.describe(r.error()), HINT_CABLE);
            }
        }
        return replies;
    }

    /** READ_REG: a word of memory or a register (esptool read_mem). */
    public long readMemory(long address) throws IOException {
        return readReg(address);
    }

    /** WRITE_REG with a mask (esptool write_mem). */
    public void writeMemory(long address, long value, long mask) throws IOException {
        check(String.format("write memory at 0x%08X", address), RomCommand.writeReg(address, value, mask, 0), options.commandTimeout());
    }

    /** Reads flash through the SPI controller (the ROM has no READ_FLASH; esptool's stub has). */
    public byte[] readFlash(long offset, int length, Progress progress) throws IOException {
        attachFlash();
        String step = String.format("Reading at 0x%08X", offset);
        return new SpiFlashAccess(this).read(offset, length, done -> progress.update(step, done, length));
    }

    /** Erases the whole chip with one FLASH_BEGIN over all of it (the ROM has no ERASE_FLASH; esptool's stub has). */
    public void eraseFlash(long flashSize) throws IOException {
        attachFlash();
        check("erase the flash", RomCommand.flashBegin(EraseSize.corrected(0, flashSize), 0, RomCommand.FLASH_BLOCK_SIZE, 0),
                eraseTimeout(flashSize));
    }

    /** Leaves the loader and runs the firmware in flash (esptool run: FLASH_BEGIN(0, 0), FLASH_END "run user code"). */
    public void run() throws IOException {
        attachFlash();
        check("run the firmware", RomCommand.flashEnd(true), options.commandTimeout());
    }

    long readReg(long address) throws IOException {
        return check(String.format("read register 0x%08X", address), RomCommand.readReg(address), options.commandTimeout()).value();
    }

    void writeReg(long address, long value) throws IOException {
        check(String.format("write register 0x%08X", address), RomCommand.writeReg(address, value, 0xFFFFFFFFL, 0), options.commandTimeout());
    }

    private RomResponse check(String what, RomCommand c, Duration timeout) {
        RomResponse r;
        try {
            r = conn.command(c, timeout);
        } catch (IOException e) {
            throw lost(what, e, "");
        }
        if (r == null) {
            throw LabException.failure("Failed to " + what + " on " + port + ": no reply within " + timeout.toMillis() + " ms", HINT_CABLE);
        }
        if (!r.ok()) {
            String extra = r.error() == RomStatus.INVALID_MESSAGE && c.op() != RomOpcode.SYNC
                    ? "the ROM does not support this command" : HINT_CABLE;
            throw LabException.failure("Failed to " + what + " on " + port + ": " + RomStatus.describe(r.error()), extra);
        }
        return r;
    }

    /** esptool timeout_per_mb(): erasing time, but never less than the command timeout. */
    private Duration eraseTimeout(long size) {
        Duration erase = Duration.ofMillis((long) (ERASE_SECONDS_PER_MB * size / 1e6 * 1000));
        return erase.compareTo(options.commandTimeout()) < 0 ? options.commandTimeout() : erase;
    }

    /** esptool pads to a multiple of 4 with 0xFF (pad_to). */
    static byte[] padded(byte[] data) {
        int len = (data.length + 3) & ~3;
        if (len == data.length) {
            return data;
        }
        byte[] out = Arrays.copyOf(data, len);
        Arrays.fill(out, data.length, len, (byte) 0xFF);
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String port() {
        return port;
    }
}
