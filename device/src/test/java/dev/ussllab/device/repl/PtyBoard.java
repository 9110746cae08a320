package dev.ussllab.device.repl;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.flasher.PtyPair;
import dev.ussllab.device.micropython.MicroPythonFirmware;
import dev.ussllab.device.serial.LinkStreams;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The emulated board running MicroPython on one end of a socat pseudo-terminal pair (both ends
 * opened with jssc); {@link #hostPort} is the path a driver (ours, or the CLI) opens.
 */
final class PtyBoard implements AutoCloseable {

    final Path fs;
    final Path hostPort;
    private final PtyPair pty;
    private final SerialLink boardSide;
    private final FlashMemory flash;
    private final Thread boardThread;

    PtyBoard(Path dir, boolean rawPaste) throws Exception {
        fs = Files.createDirectories(dir.resolve("fs"));
        pty = new PtyPair(dir);
        hostPort = pty.a;
        flash = FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE);
        BoardEmulator board = BoardEmulator.builder(flash).mode(BootMode.FIRMWARE)
                .firmware(new MicroPythonFirmware(fs, KeyLogSink.NONE, rawPaste)).build();
        boardSide = SerialLinks.open(pty.b.toString(), 115200);
        boardThread = new Thread(() -> {
            try {
                board.run(LinkStreams.in(boardSide), LinkStreams.out(boardSide));
            } catch (Exception ignored) {
                // the host side fails the test if the board died
            }
        }, "pty-board");
        boardThread.setDaemon(true);
        boardThread.start();
    }

    @Override
    public void close() throws Exception {
        boardSide.close();
        pty.close();
        boardThread.join(5000);
        flash.close();
    }
}
