package dev.ussllab.device.repl;

import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.profile.LabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/** Reads from the board with deadlines, and turns silence into an error that says what the board was doing. */
final class LinkReader {

    /** How much of the board's last output an error message quotes. */
    private static final int QUOTE_CHARS = 60;

    private final SerialLink link;
    private final byte[] buf = new byte[4096];
    private byte[] pending = new byte[0];

    LinkReader(SerialLink link) {
        this.link = link;
    }

    void write(byte[] data) {
        try {
            link.write(data);
        } catch (IOException e) {
            throw LabException.failure("lost the board on " + link.name() + " while writing: " + e.getMessage(),
                    "check the cable or the bridge, then try again");
        }
    }

    /**
     * Discards whatever the board already sent (mpremote drains input before entering the raw
     * REPL), until the line is quiet or {@code atMost} passed: a board that never stops talking
     * must not keep us here forever.
     */
    void drain(Duration quiet, Duration atMost) {
        pending = new byte[0];
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            while (link.read(buf, 0, buf.length, quiet) > 0 && System.nanoTime() < deadline) {
                // keep discarding until the line is quiet
            }
        } catch (IOException e) {
            throw lost(e, "draining old output");
        }
    }

    /**
     * Reads until the data ends with {@code ending}; everything before the ending goes to
     * {@code sink} as it arrives (if not null) and the whole is returned.
     */
    byte[] readUntil(byte[] ending, Duration timeout, String doing, Consumer<byte[]> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] acc = new byte[1024];
        int len = 0;
        int streamed = 0;
        while (true) {
            for (int i = 0; i < pending.length; i++) {
                if (len == acc.length) {
                    acc = Arrays.copyOf(acc, acc.length * 2);
                }
                acc[len++] = pending[i];
                if (endsWith(acc, len, ending)) {
                    pending = Arrays.copyOfRange(pending, i + 1, pending.length);
                    if (sink != null && len - ending.length > streamed) {
                        sink.accept(Arrays.copyOfRange(acc, streamed, len - ending.length));
                    }
                    return Arrays.copyOf(acc, len);
                }
            }
            pending = new byte[0];
            // Stream what can no longer be the start of the ending.
            int safe = len - (ending.length - 1);
            if (sink != null && safe > streamed) {
                sink.accept(Arrays.copyOfRange(acc, streamed, safe));
                streamed = safe;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw silent(doing, timeout, Arrays.copyOf(acc, len));
            }
            int n;
            try {
                n = link.read(buf, 0, buf.length, Duration.ofNanos(left));
            } catch (IOException e) {
                throw lost(e, doing);
            }
            if (n > 0) {
                pending = Arrays.copyOf(buf, n);
            }
        }
    }

    /** Reads exactly n bytes. */
    byte[] readExactly(int n, Duration timeout, String doing) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < n) {
            if (pending.length > 0) {
                int take = Math.min(n - got.size(), pending.length);
                got.write(pending, 0, take);
                pending = Arrays.copyOfRange(pending, take, pending.length);
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw silent(doing, timeout, got.toByteArray());
            }
            try {
                int r = link.read(buf, 0, buf.length, Duration.ofNanos(left));
                if (r > 0) {
                    pending = Arrays.copyOf(buf, r);
                }
            } catch (IOException e) {
                throw lost(e, doing);
            }
        }
        return got.toByteArray();
    }

    /** True if a byte is waiting, without waiting for one (raw paste checks for early grants). */
    boolean hasPending(Duration wait) {
        if (pending.length > 0) {
            return true;
        }
        try {
            int n = link.read(buf, 0, buf.length, wait);
            if (n > 0) {
                pending = Arrays.copyOf(buf, n);
                return true;
            }
            return false;
        } catch (IOException e) {
            throw lost(e, "sending a program");
        }
    }

    String name() {
        return link.name();
    }

    private LabException silent(String doing, Duration timeout, byte[] got) {
        String tail = printable(got);
        return LabException.failure("the board on " + link.name() + " did not answer while " + doing
                + " (waited " + seconds(timeout) + " s" + (tail.isEmpty() ? ", nothing arrived" : "; last output: '" + tail + "'") + ")",
                "is MicroPython running at this baud rate? press the board's reset button or run `ussl-lab board --port "
                        + link.name() + " reset`");
    }

    private LabException lost(IOException e, String doing) {
        return LabException.failure("lost the board on " + link.name() + " while " + doing + ": " + e.getMessage(),
                "check the cable or the bridge, then try again");
    }

    static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    static String printable(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (s.length() > QUOTE_CHARS) {
            s = "..." + s.substring(s.length() - QUOTE_CHARS);
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : c == '\r' ? "\\r" : c == '\n' ? "\\n" : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    private static boolean endsWith(byte[] all, int len, byte[] ending) {
        if (len < ending.length) {
            return false;
        }
        for (int i = 0; i < ending.length; i++) {
            if (all[len - ending.length + i] != ending[i]) {
                return false;
            }
        }
        return true;
    }
}
