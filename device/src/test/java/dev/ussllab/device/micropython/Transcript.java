package dev.ussllab.device.micropython;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a program on a fresh emulated board and returns what the console showed, "\r\n" as "\n". */
final class Transcript {
    private Transcript() {}

    static String run(String source, Path fs) {
        return run(source, fs, null);
    }

    static String run(String source, Path fs, TlsWrap tls) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Session s = new Session(console, fs, tls, new AtomicBoolean(), System.nanoTime());
        String tb = s.exec(source, "<stdin>");
        String out = console.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        return tb == null ? out : out + tb;
    }
}
