package dev.ussllab.device.serial;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * A byte pipe to a board: a real serial port, a pseudo-terminal, or a raw TCP serial bridge.
 * Reads wait with a timeout (never spin); modem lines are optional, and a link without them says
 * so with {@link NoModemLinesException} instead of failing obscurely. Every {@link IOException} a
 * link throws names the link ({@link #name()}) and what went wrong, so callers can show its message
 * as it is, after the step that failed.
 */
public interface SerialLink extends Closeable {

    /**
     * Reads at least one byte, waiting at most {@code timeout}.
     *
     * @return the number of bytes read, 0 when the timeout passed with nothing to read
     * @throws IOException when the link is closed or broken (board unplugged, bridge gone)
     */
    int read(byte[] buf, int off, int len, Duration timeout) throws IOException;

    void write(byte[] data) throws IOException;

    /** Discards whatever arrived and was not read yet (boot messages, stale replies). */
    void flushInput() throws IOException;

    /**
     * Sets DTR and RTS (true = asserted). Implementations set them as close together as the
     * port allows; esptool's ClassicReset also sets DTR first, then RTS.
     *
     * @throws NoModemLinesException when the link has no modem lines (pseudo-terminal, TCP)
     */
    void setModemLines(boolean dtr, boolean rts) throws IOException;

    /** Changes the line speed (a no-op where the far end fixes it, e.g. a TCP bridge). */
    void setBaud(int baud) throws IOException;

    int baud();

    /**
     * Whether {@link #setBaud} really changes the line rate (a serial port, a pty) rather than
     * being ignored because the far end fixes it (a TCP bridge such as ser2net).
     */
    default boolean controlsBaud() {
        return true;
    }

    /** What the user called it: "/dev/ttyUSB0", "socket://127.0.0.1:3333". */
    String name();

    @Override
    void close() throws IOException;
}
