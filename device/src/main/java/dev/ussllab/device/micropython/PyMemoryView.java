package dev.ussllab.device.micropython;

import java.util.Arrays;

/**
 * memoryview over bytes or a bytearray: a window that shares the storage, so readinto() through
 * it fills the bytearray and a slice is a smaller window, not a copy.
 */
final class PyMemoryView {
    final Object base;
    final int offset;
    final int length;

    PyMemoryView(Object base, int offset, int length) {
        this.base = base;
        this.offset = offset;
        this.length = length;
    }

    static PyMemoryView of(Object v) {
        if (v instanceof PyMemoryView m) {
            return m;
        }
        if (v instanceof PyByteArray b) {
            return new PyMemoryView(b, 0, b.data.length);
        }
        if (v instanceof PyBytes b) {
            return new PyMemoryView(b, 0, b.data.length);
        }
        throw PyException.type("TypeError", "object with buffer protocol required");
    }

    private byte[] storage() {
        return base instanceof PyByteArray b ? b.data : ((PyBytes) base).data;
    }

    byte[] bytes() {
        return Arrays.copyOfRange(storage(), offset, offset + length);
    }

    int get(int i) {
        return storage()[offset + i] & 0xff;
    }

    void set(int i, int value) {
        if (!(base instanceof PyByteArray)) {
            throw PyException.type("TypeError", "'memoryview' object doesn't support item assignment");
        }
        storage()[offset + i] = (byte) value;
    }

    /** Copies up to length bytes in at the start of the window (readinto); returns how many. */
    int fill(byte[] src, int n) {
        int count = Math.min(n, length);
        if (!(base instanceof PyByteArray)) {
            throw PyException.type("TypeError", "object with buffer protocol required");
        }
        System.arraycopy(src, 0, storage(), offset, count);
        return count;
    }

    PyMemoryView slice(int start, int count) {
        return new PyMemoryView(base, offset + start, count);
    }

    @Override
    public String toString() {
        return "<memoryview>";
    }
}
