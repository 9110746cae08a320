package dev.ussllab.device.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A program the emulated board runs in {@link BootMode#FIRMWARE} mode, talking over the board's
 * UART: {@code in} is what the host sends, {@code out} what the board prints. The board paces
 * both at its simulated baud rate. When the board is reset (the host asked for it, a fault was
 * injected, or {@link BoardContext#requestReset}), reads from {@code in} throw
 * {@link BoardResetException}; let it propagate. Returning means the program halted: the board
 * then sits idle until the next reset.
 */
@FunctionalInterface
public interface Firmware {
    void run(InputStream in, OutputStream out, BoardContext ctx) throws IOException;
}
