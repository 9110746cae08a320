package dev.ussllab.device.flasher;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.serial.LinkStreams;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** An emulated board on one end of a real socat pty pair (through jssc), the host link on the other. */
final class PtyBoard implements AutoCloseable {

    /**
     * Flasher options for tests that are not about timing: ten times esptool's timeout and more
     * connect attempts, so a loaded machine (a parallel build, a slow CI runner) cannot fail them.
     * The emulated board answers in milliseconds, so the margin costs nothing unless a reply is lost.
     */
    static final Esp8266Flasher.Options PATIENT = new Esp8266Flasher.Options(java.time.Duration.ofSeconds(30), 30);

    final FlashMemory flash;
    final BoardEmulator board;
    final SerialLink host;
    private final PtyPair pty;
    private final SerialLink boardSide;
    private final Thread thread;

    PtyBoard(Path dir, UnaryOperator<BoardEmulator.Builder> config) throws Exception {
        pty = new PtyPair(dir);
        flash = FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE);
        board = config.apply(BoardEmulator.builder(flash)).build();
        boardSide = SerialLinks.open(pty.b.toString(), 115200);
        thread = new Thread(() -> {
            try {
                board.run(LinkStreams.in(boardSide), LinkStreams.out(boardSide));
            } catch (Exception ignored) {
                // ends with the pty; the host side notices
            }
        });
        thread.setDaemon(true);
        thread.start();
        host = SerialLinks.open(pty.a.toString(), 115200);
    }

    @Override
    public void close() throws Exception {
        host.close();
        boardSide.close();
        pty.close();
        thread.join(5000);
        flash.close();
    }
}
