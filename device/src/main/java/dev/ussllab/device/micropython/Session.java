package dev.ussllab.device.micropython;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One boot of the emulated MicroPython: the board, the interpreter and the REPL's globals. A soft
 * reboot throws the session away and starts a new one, exactly as the real VM is re-initialised.
 */
final class Session implements Engine {

    private final Board board;
    private final Interp interp;
    private final Map<String, Object> globals = new HashMap<>();

    /** @param bootNanos when the board powered on: ticks_ms() keeps counting across soft reboots */
    Session(OutputStream console, Path fsRoot, TlsWrap tls, AtomicBoolean interrupt, long bootNanos) {
        this.board = new Board(console, fsRoot, tls, bootNanos, interrupt);
        this.interp = new Interp(board);
        board.modules().attach(interp);
        board.globals(globals);
        globals.put("__name__", "__main__");
    }

    Board board() {
        return board;
    }

    /**
     * Runs a program as the raw REPL or a file does. Output goes to the console as it happens; an
     * uncaught exception comes back as MicroPython's traceback text (null if none). machine.reset()
     * propagates as {@link Board.ResetSignal}.
     */
    @Override
    public String exec(String source, String file) {
        try {
            interp.exec(source, file, globals);
            return null;
        } catch (PyException e) {
            return report(e);
        } catch (Board.ResetSignal | ConsoleInput.Closed e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            return internal(e);
        }
    }

    /** Runs one friendly-REPL entry; an expression's value is echoed with repr(), None is not. */
    @Override
    public String execInteractive(String source) {
        try {
            Object v = interp.evalInteractive(source, globals);
            if (v != null && v != Py.NONE) {
                board.out(Py.repr(v) + "\n");
            }
            return null;
        } catch (PyException e) {
            return report(e);
        } catch (Board.ResetSignal | ConsoleInput.Closed e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            return internal(e);
        }
    }

    /** Outside any statement (the REPL's echoed expression): still a report, the board lives on. */
    private static String internal(Throwable e) {
        return PyException.type("TypeError", "unsupported operation in ussl-lab's MicroPython subset ("
                + e.getClass().getSimpleName() + ")").exc.format();
    }

    private static String report(PyException e) {
        // SystemExit ends the program quietly (pyexec.c), everything else prints its traceback.
        if (e.is("SystemExit")) {
            return null;
        }
        return e.exc.format();
    }

    @Override
    public void out(String s) {
        board.out(s);
    }

    @Override
    public void write(byte[] b) {
        board.write(b);
    }

    @Override
    public void abortBlocking() {
        board.abortBlocking();
    }

    @Override
    public void closeAll() {
        board.closeAll();
    }
}
