package dev.ussllab.device.board;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/** The board's transmit side: paced at the line rate, with the output faults applied. */
final class BoardOutput extends OutputStream {

    /** Pacing granularity: long prints leave in pieces, as a UART FIFO drains. */
    private static final int CHUNK = 64;

    private final OutputStream raw;
    private final LinePacer pacer;
    private final LinePacer rx;
    private final Faults faults;
    private long sent;

    /** {@code rx} paces the other direction; replies may start as soon as its input ended. */
    BoardOutput(OutputStream raw, int baud, LinePacer rx, Faults faults) {
        this.raw = raw;
        this.pacer = new LinePacer(baud);
        this.rx = rx;
        this.faults = faults;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (faults.mute()) {
            return;
        }
        for (int start = off; start < off + len; start += CHUNK) {
            int n = Math.min(CHUNK, off + len - start);
            byte[] piece = applyFaults(b, start, n);
            try {
                pacer.paceReply(n, rx);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("board output interrupted");
            }
            raw.write(piece);
        }
        raw.flush();
    }

    private byte[] applyFaults(byte[] b, int off, int n) {
        if (faults.isEmpty()) {
            sent += n;
            byte[] copy = new byte[n];
            System.arraycopy(b, off, copy, 0, n);
            return copy;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; i++) {
            sent++;
            Faults.Fault f = faults.at(sent, Faults.Kind.DROP_OUT, Faults.Kind.CORRUPT_OUT);
            if (f == null) {
                out.write(b[off + i]);
            } else if (f.kind() == Faults.Kind.CORRUPT_OUT) {
                out.write(b[off + i] ^ 0x01);
            }
        }
        return out.toByteArray();
    }

    /** Both directions of the line change rate (after a UART divider write or the stub's CHANGE_BAUDRATE). */
    void setBaud(int baud) {
        pacer.setBaud(baud);
        rx.setBaud(baud);
    }

    @Override
    public void flush() throws IOException {
        raw.flush();
    }
}
