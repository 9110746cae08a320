package dev.ussllab.device.micropython;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a program on a fresh emulated board (MicroPython's VM) and returns what the console showed, "\r\n" as "\n". */
final class Transcript {
    private Transcript() {}

    static String run(String source, Path fs) {
        return run(source, fs, null);
    }

    static String run(String source, Path fs, TlsWrap tls) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        VmEngine s = new VmEngine(console, fs, tls, dev.ussllab.device.upy.MicroPythonVm.DEFAULT_MEMORY_CAP);
        String tb;
        try {
            tb = s.exec(source, "<stdin>");
        } finally {
            s.closeAll();
        }
        String out = console.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        return tb == null ? out : out + tb;
    }
}
