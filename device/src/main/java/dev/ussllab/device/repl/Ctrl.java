package dev.ussllab.device.repl;

/** The control bytes of MicroPython's REPL protocol (shared/runtime/pyexec.c, mpremote transport_serial.py). */
final class Ctrl {
    /** Ctrl-A: enter the raw REPL (from the friendly REPL), or end a raw-paste request. */
    static final byte ENTER_RAW = 0x01;
    /** Ctrl-B: leave the raw REPL for the friendly one. */
    static final byte EXIT_RAW = 0x02;
    /** Ctrl-C: interrupt the running program (KeyboardInterrupt). */
    static final byte INTERRUPT = 0x03;
    /** Ctrl-D: end of input (run what was sent); on an empty line, soft reboot. Also the board's EOF marker. */
    static final byte EOF = 0x04;
    /** Ctrl-E: starts the raw-paste request "\x05A\x01". */
    static final byte RAW_PASTE_REQUEST = 0x05;
    /** The board grants one more raw-paste window with this byte. */
    static final byte WINDOW_GRANT = 0x01;

    static final byte[] INTERRUPT_TWICE = {'\r', INTERRUPT, INTERRUPT};
    static final byte[] ENTER_RAW_SEQ = {'\r', ENTER_RAW};
    static final byte[] EXIT_RAW_SEQ = {'\r', EXIT_RAW};
    static final byte[] RAW_PASTE_SEQ = {RAW_PASTE_REQUEST, 'A', ENTER_RAW};

    static final String RAW_BANNER = "raw REPL; CTRL-B to exit\r\n>";
    /** The ESP8266 prints "MPY: soft reboot"; other ports "soft reboot": match the common tail. */
    static final String SOFT_REBOOT = "soft reboot\r\n";
    static final String FRIENDLY_PROMPT = "\r\n>>> ";

    private Ctrl() {}
}
