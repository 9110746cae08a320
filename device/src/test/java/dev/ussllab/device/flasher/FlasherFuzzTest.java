package dev.ussllab.device.flasher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.fuzz.Fuzz;
import dev.ussllab.device.fuzz.RecordingLink;
import dev.ussllab.device.fuzz.ScriptedBoard;
import dev.ussllab.device.rom.Esp8266Target;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.device.rom.Slip;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.profile.LabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 section 6, the flasher's side of the ROM protocol: SLIP framing and the ROM loader's
 * replies, fuzzed for a bounded time. Seeds are real traffic: what the emulated board answered
 * while {@code flash} connected, identified the chip, wrote with read-back, read, erased and left
 * the loader (recorded on an in-memory line). Each input is either one mutated reply stream
 * through the SLIP decoder and the reply parser (with the round trips that must hold), or a whole
 * flasher session against a board that answers from a mutated script (replies changed, missing,
 * doubled, out of order; the line breaking or going silent at the end). A failure is an exception
 * other than the one-line LabException, a broken round trip, or an input past the deadline.
 */
@Tag("long")
public class FlasherFuzzTest {

    /** Short enough that a missing reply costs little; the scripted board answers at once. */
    static final Esp8266Flasher.Options QUICK = new Esp8266Flasher.Options(Duration.ofMillis(40), 1);
    static final Esp8266Flasher.Options RECORDING = new Esp8266Flasher.Options(Duration.ofSeconds(10), 3);
    /** The image each session writes: not a whole number of 0x400 blocks, so the last block is padded. */
    static final byte[] IMAGE = image();

    @Test
    void slipAndRomRepliesNeverCrashOrHang() throws Exception {
        List<RecordingLink> sessions = recordSessions();
        List<List<byte[]>> scripts = sessions.stream().map(RecordingLink::boardTurns).toList();
        List<byte[]> streams = scripts.stream().map(FlasherFuzzTest::concat).toList();
        Fuzz fz = Fuzz.start("flasher (SLIP, ROM replies)", 30);
        Random r = fz.random();
        int streamRuns = 0;
        int sessionRuns = 0;
        int refused = 0;
        while (fz.more()) {
            if (r.nextInt(8) != 0) { // cheap: one reply stream through the decoder and the parser
                byte[] seed = streams.get(r.nextInt(streams.size()));
                byte[] s = r.nextBoolean() ? Fuzz.mutateFrames(seed, r) : Fuzz.mutate(seed, r);
                streamRuns++;
                fz.run("slip-replies", s, () -> {
                    checkReplies(s);
                    return null;
                }, t -> false);
                continue;
            }
            List<byte[]> script = new ArrayList<>(Fuzz.mutateTurns(scripts.get(r.nextInt(scripts.size())), r));
            if (r.nextBoolean()) { // a reply changed where the flasher reads it
                int i = r.nextInt(script.size());
                script.set(i, Fuzz.mutateFrames(script.get(i), r));
            }
            byte[] packed = ScriptedBoard.pack(script, r.nextInt(4) != 0);
            sessionRuns++;
            Boolean done = fz.run("flasher", packed, () -> replay(packed), t -> false);
            if (done != null && !done) {
                refused++;
            }
        }
        fz.close();
        System.out.println(fz.summary(streamRuns + " reply streams, " + sessionRuns + " flasher sessions (" + refused
                + " ended in a one-line error)"));
        assertTrue(fz.failures().isEmpty(), fz.summary(""));
    }

    /**
     * The SLIP decoder and the reply parser on a stream: never an exception, no packet over the
     * limit, and what they return survives encoding again.
     */
    public static void checkReplies(byte[] stream) {
        Slip.Decoder d = new Slip.Decoder();
        for (byte b : stream) {
            byte[] p = d.feed(b);
            if (p == null) {
                continue;
            }
            if (p.length > Slip.Decoder.MAX_PACKET) {
                throw new AssertionError("a packet of " + p.length + " bytes got through, over " + Slip.Decoder.MAX_PACKET);
            }
            Slip.Decoder again = new Slip.Decoder();
            byte[] back = null;
            for (byte x : Slip.encode(p)) {
                byte[] q = again.feed(x);
                back = q != null ? q : back;
            }
            if (!Arrays.equals(p, back)) {
                throw new AssertionError("SLIP round trip changed a packet of " + p.length + " bytes");
            }
            RomResponse reply = RomResponse.parse(p);
            if (reply != null && !reply.equals(RomResponse.parse(reply.encode()))) {
                throw new AssertionError("reply round trip changed " + reply);
            }
        }
    }

    /** A flasher session against a scripted board: true when it ran to the end, false when refused. */
    public static boolean replay(byte[] packed) throws IOException {
        try (ScriptedBoard board = ScriptedBoard.of(packed)) {
            session(board, QUICK);
            return true;
        } catch (LabException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("Exception")) {
                throw new AssertionError("a refusal without a one-line message: " + e.getMessage(), e);
            }
            return false;
        }
    }

    /** What {@code flash} does on a board, in the order its commands do it. */
    static void session(SerialLink link, Esp8266Flasher.Options options) throws IOException {
        Esp8266Flasher f = Esp8266Flasher.connect(link, ResetMode.Before.NO_RESET, options);
        f.chipDescription();
        f.crystalMhz();
        Esp8266Target.formatMac(f.readMac());
        f.chipId();
        long id = f.flashId();
        Esp8266Target.flashSizeFromJedec(id);
        Esp8266Target.flashManufacturer(id);
        f.writeFlash(List.of(new FlashRegion(0x1000, IMAGE, "fuzz.bin")), Verify.FULL, Progress.NONE);
        f.readFlash(0x1000, 200, Progress.NONE);
        f.eraseRegion(0x10000, 0x1000);
        f.finish(ResetMode.After.SOFT_RESET);
    }

    /**
     * The seeds: sessions with emulated boards (an Espressif MAC and 4 MB; another maker's MAC and
     * 1 MB; an ESP32, which flash refuses after the SYNC), recorded as the flasher saw them.
     */
    public static List<RecordingLink> recordSessions() throws Exception {
        List<RecordingLink> out = new ArrayList<>();
        out.add(record(BoardEmulator.builder(FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE)), true));
        out.add(record(BoardEmulator.builder(FlashMemory.inMemory(1 << 20))
                .mac(new byte[] {(byte) 0xAC, (byte) 0xD0, 0x74, 1, 2, 3}), true));
        out.add(record(BoardEmulator.builder(FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE)).chipMagic(0x00F01D83L), false));
        return out;
    }

    private static RecordingLink record(BoardEmulator.Builder b, boolean esp8266) throws Exception {
        BoardEmulator board = b.build();
        RecordingLink link = new RecordingLink("memory");
        Thread t = new Thread(() -> {
            try {
                board.run(link.toBoard.in(), link.fromBoard.out());
            } catch (IOException ignored) {
                // ends with the line
            }
        }, "recorded-board");
        t.setDaemon(true);
        t.start();
        try {
            session(link, RECORDING);
            assertTrue(esp8266, "the ESP32 board is refused");
        } catch (LabException e) {
            assertTrue(!esp8266 && e.getMessage().startsWith("found ESP32"), e.getMessage());
        } finally {
            link.close();
            t.join(5000);
        }
        return link;
    }

    static byte[] concat(List<byte[]> turns) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        turns.forEach(all::writeBytes);
        return all.toByteArray();
    }

    private static byte[] image() {
        byte[] b = new byte[3000];
        new Random(15).nextBytes(b);
        b[7] = (byte) Slip.END; // bytes that need escaping on the wire
        b[8] = (byte) Slip.ESC;
        return b;
    }
}
