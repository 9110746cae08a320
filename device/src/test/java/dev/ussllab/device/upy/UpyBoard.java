package dev.ussllab.device.upy;

import dev.ussllab.device.micropython.EspTls;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One emulated board for tests: MicroPython's VM, the board's modules, a --fs folder. */
public final class UpyBoard implements AutoCloseable {

    public final Path fs;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final MicroPythonVm vm;

    public UpyBoard(Path fs) throws IOException {
        this(fs, MicroPythonVm.DEFAULT_MEMORY_CAP);
    }

    public UpyBoard(Path fs, long memoryCap) throws IOException {
        this.fs = Files.createDirectories(fs);
        this.vm = new MicroPythonVm(out, fs, memoryCap, new BoardModules(new EspTls(KeyLogSink.NONE)));
    }

    /** Runs a program as the raw REPL does; what it printed ("\r\n" as "\n"), then any traceback. */
    public String run(String source) {
        out.reset();
        String tb = vm.execNamed(source, "<stdin>", false);
        return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n") + (tb == null ? "" : tb);
    }

    MicroPythonVm vm() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
    }
}
