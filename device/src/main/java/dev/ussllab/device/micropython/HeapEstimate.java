package dev.ussllab.device.micropython;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates what a program's live objects would occupy on MicroPython's heap, from the object
 * sizes of a 32-bit port (py/obj.h: a str/bytes header is 16 bytes, list items 4 bytes each,
 * dict entries 8 bytes; small ints are not allocated). gc.mem_free reports the 38 KB heap minus
 * this, so scripts that print it see numbers in the right range and watch them move.
 */
final class HeapEstimate {

    private static final int MAX_OBJECTS = 20_000;

    private final Map<Object, Boolean> seen = new IdentityHashMap<>();
    private long total;

    private HeapEstimate() {}

    static long of(Map<String, Object> globals) {
        HeapEstimate h = new HeapEstimate();
        h.total += 16 + 8L * globals.size();
        for (Map.Entry<String, Object> e : globals.entrySet()) {
            h.add(e.getValue(), 0);
        }
        return h.total;
    }

    private void add(Object v, int depth) {
        if (v == null || depth > 8 || seen.size() > MAX_OBJECTS || seen.put(v, Boolean.TRUE) != null) {
            return;
        }
        if (v instanceof String s) {
            total += 16 + align(s.length());
        } else if (v instanceof PyBytes b) {
            total += 16 + align(b.data.length);
        } else if (v instanceof Double) {
            total += 16;
        } else if (v instanceof List<?> l) {
            total += 16 + align(4L * l.size());
            l.forEach(x -> add(x, depth + 1));
        } else if (v instanceof PyTuple t) {
            total += 16 + align(4L * t.items().size());
            t.items().forEach(x -> add(x, depth + 1));
        } else if (v instanceof Map<?, ?> m) {
            total += 16 + align(8L * m.size());
            m.forEach((k, x) -> {
                add(k, depth + 1);
                add(x, depth + 1);
            });
        } else if (v instanceof PyFunction) {
            total += 48;
        } else if (v instanceof PyModule) {
            total += 0; // modules are in ROM (frozen) on the ESP8266
        } else if (!(v instanceof Long || v instanceof Boolean)) {
            total += 32;
        }
    }

    private static long align(long n) {
        return (n + 15) & ~15L;
    }
}
