package dev.ussllab.device.micropython;

import dev.ussllab.device.upy.BoardModules;
import dev.ussllab.device.upy.MicroPythonVm;
import dev.ussllab.device.upy.UartInput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One boot of MicroPython's own VM (dev.ussllab.device.upy) behind the REPL state machine. */
final class VmEngine implements Engine {

    private final MicroPythonVm vm;
    private final BoardModules board;
    private boolean broken;

    VmEngine(OutputStream console, Path fsRoot, TlsWrap tls, long memoryCap) {
        this(console, null, fsRoot, tls, memoryCap);
    }

    /** @param in the UART the running program's sys.stdin reads (null: none, stdin at its end) */
    VmEngine(OutputStream console, ConsoleInput in, Path fsRoot, TlsWrap tls, long memoryCap) {
        this.board = new BoardModules(tls);
        try {
            this.vm = new MicroPythonVm(console, in == null ? UartInput.NONE : uart(in), fsRoot, memoryCap, board);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UartInput uart(ConsoleInput in) {
        return new UartInput() {
            @Override
            public int read(byte[] buf, int len) {
                return in.readProgramInput(buf, len);
            }

            @Override
            public boolean ready(int waitMillis) {
                return in.awaitPending(waitMillis);
            }

            @Override
            public void interruptChar(int c) {
                in.interruptChar(c);
            }
        };
    }

    @Override
    public String exec(String source, String file) {
        return run(source, file, false);
    }

    @Override
    public String execInteractive(String source) {
        return run(source, "<stdin>", true);
    }

    private String run(String source, String file, boolean single) {
        try {
            return vm.execNamed(source, file, single);
        } catch (BoardModules.ResetRequest r) {
            throw new Engine.ResetSignal(r.hard());
        } catch (ConsoleInput.Closed e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // The VM itself failed (a trap): say so as the board would print an error.
            broken = true;
            return "Traceback (most recent call last):\nRuntimeError: emulated MicroPython VM failed: " + e + "\n";
        }
    }

    @Override
    public boolean broken() {
        return broken || vm.broken();
    }

    @Override
    public void out(String s) {
        vm.consoleRaw(s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(byte[] b) {
        vm.consoleRaw(b);
    }

    @Override
    public void abortBlocking() {
        vm.interrupt();
    }

    @Override
    public void closeAll() {
        board.closeAll();
        vm.close();
    }
}
