package dev.ussllab.profile.hello;

import java.io.InputStream;
import java.util.Random;

/** Delivers a byte array in chunks of 1..maxChunk bytes, as a slow or fragmenting network would. */
final class ChunkedInputStream extends InputStream {

    private final byte[] data;
    private final Random random;
    private final int maxChunk;
    private int pos;

    ChunkedInputStream(byte[] data, long seed, int maxChunk) {
        this.data = data;
        this.random = new Random(seed);
        this.maxChunk = maxChunk;
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(maxChunk));
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}
