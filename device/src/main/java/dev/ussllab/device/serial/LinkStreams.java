package dev.ussllab.device.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** Plain blocking streams over a {@link SerialLink}, for code that serves a port (the emulated board). */
public final class LinkStreams {

    /** How long one wait lasts before the blocking read checks again; ends only at close or EOF. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    private LinkStreams() {}

    /** Blocks until data arrives; -1 when the link closes or breaks. */
    public static InputStream in(SerialLink link) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    int n;
                    while ((n = link.read(b, off, len, WAIT)) == 0) {
                        // nothing yet: keep waiting (the link's read sleeps, it does not spin)
                    }
                    return n;
                } catch (IOException e) {
                    return -1;
                }
            }
        };
    }

    public static OutputStream out(SerialLink link) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                link.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                link.write(off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
    }
}
