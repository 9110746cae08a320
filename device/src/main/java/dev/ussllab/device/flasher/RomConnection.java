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
    /** Recent bytes seen outside frames, to recognise the ROM's boot message after a reset. */
    private final StringBuilder noise = new StringBuilder();
    private int bootMessages;

    private final java.util.function.Consumer<String> trace;
    private final long started = System.nanoTime();

    RomConnection(SerialLink link, java.util.function.Consumer<String> trace) {
        this.link = link;
        this.trace = trace;
    }

    /** esptool --trace style: "TRACE +0.012 command op=0x0a data len=4 data=00100040". */
    private void trace(String what, byte[] bytes) {
        if (trace != null) {
            String hex = java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)) + (bytes.length > 64 ? "..." : "");
            trace.accept(String.format(java.util.Locale.ROOT, "TRACE +%.3f %s len=%d %s", (System.nanoTime() - started) / 1e9, what, bytes.length, hex));
        }
    }

    SerialLink link() {
        return link;
    }

    /** Sends the command and waits for its reply; null on timeout (the caller decides to retry or fail). */
    RomResponse command(RomCommand c, Duration timeout) throws IOException {
        byte[] frame = c.frame();
        trace(String.format("command op=0x%02x", c.opcode()), c.encode());
        link.write(frame);
        wireBytesOut += frame.length;
        return awaitReply(c.opcode(), timeout);
    }

    /**
     * Sends the commands back to back, then collects their replies in order; null when one is
     * missing. The ROM handles one command at a time and answers in order, so a few small
     * requests in flight save a round trip each (kept under the UART's 128-byte receive FIFO by
     * the caller).
     */
    java.util.List<RomResponse> pipelined(java.util.List<RomCommand> commands, Duration timeout) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (RomCommand c : commands) {
            trace(String.format("command op=0x%02x", c.opcode()), c.encode());
            all.writeBytes(c.frame());
        }
        link.write(all.toByteArray());
        wireBytesOut += all.size();
        java.util.List<RomResponse> out = new java.util.ArrayList<>();
        for (RomCommand c : commands) {
            RomResponse r = awaitReply(c.opcode(), timeout);
            if (r == null) {
                return null;
            }
            out.add(r);
        }
        return out;
    }

    /** How many ROM boot messages ("ets Jan  8 2013,rst cause:...") arrived so far: each one is a reset. */
    int bootMessages() {
        return bootMessages;
    }

    private void noise(byte b) {
        noise.append((char) (b & 0xFF));
        if (noise.indexOf("rst cause:") >= 0) {
            bootMessages++;
            noise.setLength(0);
        } else if (noise.length() > 64) {
            noise.delete(0, noise.length() - 16);
        }
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
                if (!decoder.inFrame() && (buf[i] & 0xFF) != Slip.END) {
                    noise(buf[i]);
                }
                byte[] p = decoder.feed(buf[i]);
                if (p != null) {
                    trace("received", p);
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
            int n = link.read(buf, 0, buf.length, Duration.ofNanos(left));
            wireBytesIn += n;
            for (int i = 0; i < n; i++) {
                if (!decoder.inFrame() && (buf[i] & 0xFF) != Slip.END) {
                    noise(buf[i]);
                }
                decoder.feed(buf[i]);
            }
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
