package dev.ussllab.device.flasher;

import dev.ussllab.device.rom.RomCommand;
import dev.ussllab.device.rom.RomResponse;
import dev.ussllab.device.rom.Slip;
import dev.ussllab.device.serial.SerialLink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Request/reply over a {@link SerialLink}: frames a command, then reads SLIP frames until the
 * reply with the same opcode arrives or the deadline passes. Frames that are not replies, and
 * bytes outside frames (boot messages), are skipped as esptool skips them.
 */
final class RomConnection {

    private final SerialLink link;
    private final Slip.Decoder decoder = new Slip.Decoder();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final byte[] buf = new byte[4096];
    private long wireBytesOut;
    private long wireBytesIn;

    RomConnection(SerialLink link) {
        this.link = link;
    }

    SerialLink link() {
        return link;
    }

    /** Sends the command and waits for its reply; null on timeout (the caller decides to retry or fail). */
    RomResponse command(RomCommand c, Duration timeout) throws IOException {
        byte[] frame = c.frame();
        link.write(frame);
        wireBytesOut += frame.length;
        return awaitReply(c.opcode(), timeout);
    }

    /** Waits for a reply to {@code opcode} (e.g. the extra SYNC replies); null on timeout. */
    RomResponse awaitReply(int opcode, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (!pending.isEmpty()) {
                RomResponse r = RomResponse.parse(pending.poll());
                if (r != null && r.opcode() == opcode) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            int n = link.read(buf, 0, buf.length, Duration.ofNanos(left));
            wireBytesIn += n;
            for (int i = 0; i < n; i++) {
                byte[] p = decoder.feed(buf[i]);
                if (p != null) {
                    pending.add(p);
                }
            }
        }
    }

    /** Drops everything received so far, including a half-read frame. */
    void flushInput() throws IOException {
        link.flushInput();
        pending.clear();
        decoder.reset();
    }

    /** Lets late replies arrive for {@code quiet}, then throws them away. */
    void drain(Duration quiet) throws IOException {
        long deadline = System.nanoTime() + quiet.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            wireBytesIn += link.read(buf, 0, buf.length, Duration.ofNanos(left));
        }
        flushInput();
    }

    long wireBytesOut() {
        return wireBytesOut;
    }

    long wireBytesIn() {
        return wireBytesIn;
    }
}
