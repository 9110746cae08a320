package dev.ussllab.device.micropython;

import java.util.Arrays;

/** bytearray: mutable bytes (what mpremote's hashing allocates as its read buffer). */
final class PyByteArray {
    byte[] data;

    PyByteArray(byte[] data) {
        this.data = data;
    }

    void append(byte[] more) {
        byte[] r = Arrays.copyOf(data, data.length + more.length);
        System.arraycopy(more, 0, r, data.length, more.length);
        data = r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyByteArray b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        // unhashable in Python; Dicts.key refuses it before this matters
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "bytearray(" + new PyBytes(data).repr() + ")";
    }
}
