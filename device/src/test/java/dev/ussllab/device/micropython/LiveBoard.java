package dev.ussllab.device.micropython;

import dev.ussllab.device.board.BoardEmulator;
import dev.ussllab.device.board.BootMode;
import dev.ussllab.device.board.FlashMemory;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.nio.file.Path;
import java.time.Duration;

/** The firmware booted on a board emulator in this JVM, at its first prompt, with a {@link LiveConsole} wired to it. */
final class LiveBoard implements AutoCloseable {

    static final String PROMPT = ">>> ";

    private final LiveConsole console;
    private final FlashMemory flash;
    private final Thread thread;

    private LiveBoard(LiveConsole console, FlashMemory flash, Thread thread) {
        this.console = console;
        this.flash = flash;
        this.thread = thread;
    }

    /** Boots with {@code fs} as the board's filesystem and waits (up to {@code wait}) for the banner and prompt. */
    static LiveBoard boot(Path fs, Duration wait) throws Exception {
        LiveConsole console = new LiveConsole();
        FlashMemory flash = FlashMemory.inMemory(FlashMemory.DEFAULT_SIZE);
        BoardEmulator board = BoardEmulator.builder(flash).mode(BootMode.FIRMWARE)
                .firmware(new MicroPythonFirmware(fs, KeyLogSink.NONE, true)).build();
        Thread thread = new Thread(() -> {
            try {
                board.run(console.boardIn, console);
            } catch (Exception ignored) {
                // assertions on the console say what went wrong
            }
        });
        thread.setDaemon(true);
        thread.start();
        LiveBoard live = new LiveBoard(console, flash, thread);
        try {
            console.await(MicroPythonFirmware.BANNER + PROMPT, wait);
        } catch (Exception | AssertionError e) {
            live.close();
            throw e;
        }
        return live;
    }

    LiveConsole console() {
        return console;
    }

    /** Hangs up the console (the board's run ends) and frees the flash. */
    @Override
    public void close() throws Exception {
        console.hangUp();
        thread.join(5000);
        flash.close();
    }
}
