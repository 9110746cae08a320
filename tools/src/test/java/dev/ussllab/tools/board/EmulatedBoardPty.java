package dev.ussllab.tools.board;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.device.micropython.MicroPythonFirmware;
import dev.ussllab.device.serial.LinkStreams;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.testsupport.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A socat pseudo-terminal pair; with a board, the emulated ESP8266 running MicroPython sits on
 * one end and {@link #port} is the other end for the command line to open.
 */
final class EmulatedBoardPty implements AutoCloseable {

    final Path fs;
    final String port;
    private final Process socat;
    private SerialLink boardSide;
    private FlashMemory flash;
    private Thread boardThread;

    EmulatedBoardPty(Path dir, boolean withBoard) throws Exception {
        fs = Files.createDirectories(dir.resolve("fs"));
        Path a = dir.resolve("ttyHost");
        Path b = dir.resolve("ttyBoard");
        socat = new ProcessBuilder(Peers.require("socat"), "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (System.nanoTime() > deadline || !socat.isAlive()) {
                close();
                throw new IOException("socat did not create the pty pair");
            }
            Thread.sleep(20);
        }
        port = a.toString();
        if (withBoard) {
            flash = FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE);
            BoardEmulator board = BoardEmulator.builder(flash).mode(BootMode.FIRMWARE)
                    .firmware(new MicroPythonFirmware(fs, KeyLogSink.NONE, true)).build();
            boardSide = SerialLinks.open(b.toString(), 115200);
            boardThread = new Thread(() -> {
                try {
                    board.run(LinkStreams.in(boardSide), LinkStreams.out(boardSide));
                } catch (Exception ignored) {
                    // the command under test reports a dead board
                }
            }, "cli-test-board");
            boardThread.setDaemon(true);
            boardThread.start();
        }
    }

    /** `ussl-lab board --port PORT ARGS...` against this board, in this JVM. */
    dev.ussllab.tools.Cli cli(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "board";
        all[1] = "--port";
        all[2] = port;
        System.arraycopy(args, 0, all, 3, args.length);
        return dev.ussllab.tools.Cli.run(all);
    }

    @Override
    public void close() throws Exception {
        if (boardSide != null) {
            boardSide.close();
        }
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly();
        }
        if (boardThread != null) {
            boardThread.join(5000);
        }
        if (flash != null) {
            flash.close();
        }
    }
}
