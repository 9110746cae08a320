package dev.ussllab.device.micropython;

/** range(start, stop, step), iterated lazily. */
record PyRange(long start, long stop, long step) {
    long length() {
        if (step > 0) {
            return stop <= start ? 0 : (stop - start + step - 1) / step;
        }
        return stop >= start ? 0 : (start - stop - step - 1) / -step;
    }
}
