package dev.ussllab.device.board;

import java.io.IOException;

/** Thrown by the board's input stream when the board resets: whatever ran is gone. */
public final class BoardResetException extends IOException {
    public BoardResetException(BootMode next) {
        super("board reset into " + next);
    }
}
