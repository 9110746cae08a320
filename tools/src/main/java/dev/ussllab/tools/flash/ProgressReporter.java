package dev.ussllab.tools.flash;

import dev.ussllab.device.flasher.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows write and verify progress: on a terminal, a redrawn bar (progressbar library) with
 * percentage, speed and time left on stderr; otherwise (a pipe, a log, a test) one plain line per
 * 10 % with the same figures, so logs stay readable.
 */
final class ProgressReporter implements Progress, AutoCloseable {

    private final PrintWriter plain;
    private final boolean terminal;
    private ProgressBar bar;
    private String step;
    private long stepStart;
    private int lastDecile = -1;

    ProgressReporter(PrintWriter err, boolean terminal) {
        this.plain = err;
        this.terminal = terminal;
    }

    /**
     * Whether stderr, where the bar goes, is a terminal. Java 17 can only tell whether stdin and
     * stdout both are (System.console()), which gets {@code 2>log} and {@code | tee} wrong; on Linux
     * /proc names what descriptor 2 is. TERM=dumb (an editor's shell, CI) gets plain lines.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null; // no /proc (macOS): the best Java 17 can say
        }
    }

    @Override
    public void update(String newStep, long done, long total) {
        if (!newStep.equals(step)) {
            close();
            step = newStep;
            stepStart = System.nanoTime();
            lastDecile = -1;
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName(newStep).setInitialMax(total).setUnit(" KB", 1024)
                        .showSpeed().setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
        }
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        int decile = total == 0 ? 10 : (int) (done * 10 / total);
        if (decile != lastDecile) {
            lastDecile = decile;
            double secs = (System.nanoTime() - stepStart) / 1e9;
            double rate = secs > 0.2 ? done / secs : 0;
            String speed = rate > 0 ? String.format(", %.1f KB/s, %.0f s left", rate / 1024, (total - done) / rate) : "";
            plain.printf("%s: %3d %% (%d of %d bytes%s)%n", step, done * 100 / Math.max(1, total), done, total, speed);
            plain.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
