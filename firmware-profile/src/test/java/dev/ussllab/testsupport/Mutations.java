package dev.ussllab.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * The byte-level mutations the fuzzers share (serial protocols in device, captures in tools). Each
 * draws from the Random in a fixed order, so a fuzzer's seed gives the same inputs run after run.
 */
public final class Mutations {

    private Mutations() {}

    /** 1 to {@code most} bytes set to random values, in place. */
    public static void randomBytes(byte[] b, Random r, int most) {
        for (int i = 0, n = 1 + r.nextInt(most); i < n; i++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
    }

    /** An edge value written over a 16- or 32-bit field, either byte order, in place ({@code b} at least 5 bytes). */
    public static void edgeValue(byte[] b, Random r, int[] edges) {
        int at = r.nextInt(b.length - 4);
        ByteBuffer w = ByteBuffer.wrap(b).order(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int v = edges[r.nextInt(edges.length)];
        if (r.nextBoolean()) {
            w.putShort(at, (short) v);
        } else {
            w.putInt(at, v);
        }
    }

    /** Cut anywhere. */
    public static byte[] cut(byte[] b, Random r) {
        return Arrays.copyOf(b, r.nextInt(b.length));
    }

    /** A run of 1 to {@code longest} bytes repeated in place (a block or a segment twice). */
    public static byte[] repeatRun(byte[] b, Random r, int longest) {
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(longest));
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, from + len);
        System.arraycopy(b, from, out, from + len, b.length - from);
        return out;
    }

    /** A run of 1 to {@code longest} bytes dropped. */
    public static byte[] dropRun(byte[] b, Random r, int longest) {
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(longest));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, from + len, out, from, b.length - from - len);
        return out;
    }

    /** 1 to {@code most} single-bit flips spread over the bytes, in place. */
    public static void flipBits(byte[] b, Random r, int most) {
        for (int i = 0, n = 1 + r.nextInt(most); i < n; i++) {
            int at = r.nextInt(b.length);
            b[at] ^= (byte) (1 << r.nextInt(8));
        }
    }
}
