package dev.ussllab.host.pcap;

import dev.ussllab.profile.LabException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Arrays;

/** A stream that knows its offset, so every format error can say where it happened. */
final class CountingInput {

    /** Lengths read into an array of their size at once; larger ones are read as the file allows. */
    private static final int DIRECT_READ = 1 << 20;

    private final BufferedInputStream in;
    private final String name;
    private long offset;

    CountingInput(BufferedInputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    long offset() {
        return offset;
    }

    String name() {
        return name;
    }

    /** The first four bytes without consuming them (fewer if the file is shorter). */
    byte[] peek4() {
        try {
            in.mark(4);
            byte[] b = in.readNBytes(4);
            in.reset();
            return b;
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    /**
     * Reads exactly n bytes; returns null only when the stream ends cleanly before the first
     * byte (and atRecordStart is true). A partial read is a truncated file.
     */
    byte[] read(int n, boolean atRecordStart, String what) {
        try {
            byte[] b;
            if (n <= DIRECT_READ) {
                b = new byte[n];
                int got = in.readNBytes(b, 0, n);
                if (got < n) {
                    b = java.util.Arrays.copyOf(b, got);
                }
            } else {
                b = in.readNBytes(n); // a length this large may be corruption: grow only as the file allows
            }
            if (b.length == 0 && atRecordStart && n > 0) {
                return null;
            }
            if (b.length < n) {
                throw new CutShort(offset, "truncated " + what + ": expected " + n + " bytes, found " + b.length);
            }
            offset += n;
            return b;
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    void skip(long n, String what) {
        long start = offset;
        try {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new CutShort(start, "truncated " + what + ": expected " + n + " bytes, found " + (n - left));
                    }
                    s = 1;
                }
                left -= s;
            }
            offset += n;
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    /**
     * The file ends inside a record or block: what a capture looks like when its writer was killed
     * (tcpdump without -U, a full disk). Readers turn it into a warning once the file header has
     * been read, and into a corrupt-file error before that.
     */
    static final class CutShort extends RuntimeException {
        final long at;

        CutShort(long at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    LabException corrupt(CutShort e) {
        return corrupt(e.at, e.getMessage());
    }

    /** The warning for a capture cut off at a record that starts at offset {@code recordStart}. */
    String cutOffWarning(long recordStart, long packets) {
        return name + ": the capture is cut off at offset " + recordStart + " (its last record is incomplete, as when"
                + " tcpdump is killed): read the " + packets + " packet(s) before it";
    }

    LabException corrupt(long at, String message) {
        return LabException.badInput(name + ": corrupt capture at offset " + at + ": " + message,
                "the file is damaged or was cut short; re-capture or repair it (e.g. pcapfix)");
    }

    private LabException ioError(IOException e) {
        return new LabException(LabException.Kind.FAILURE, "cannot read " + name + ": " + e.getMessage(),
                "check the file is readable", e);
    }

    void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }

    static boolean startsWith(byte[] b, int... bytes) {
        return b.length >= bytes.length && Arrays.equals(Arrays.copyOf(b, bytes.length), toBytes(bytes));
    }

    private static byte[] toBytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
