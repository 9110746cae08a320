package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Subscription: obj[i], obj[a:b:c], assignment and deletion of items. */
final class Seq {
    private Seq() {}

    record Bounds(int start, int stop, int step, int count) {}

    static Bounds bounds(Object sliceLo, Object sliceHi, Object sliceStep, int len) {
        int step = sliceStep == Py.NONE ? 1 : (int) Ops.toLong(sliceStep);
        if (step == 0) {
            throw PyException.type("ValueError", "slice step cannot be zero");
        }
        int lo;
        int hi;
        if (step > 0) {
            lo = sliceLo == Py.NONE ? 0 : clamp(Ops.toLong(sliceLo), len, 0, len);
            hi = sliceHi == Py.NONE ? len : clamp(Ops.toLong(sliceHi), len, 0, len);
        } else {
            lo = sliceLo == Py.NONE ? len - 1 : clamp(Ops.toLong(sliceLo), len, -1, len - 1);
            hi = sliceHi == Py.NONE ? -1 : clamp(Ops.toLong(sliceHi), len, -1, len - 1);
        }
        int count = step > 0 ? Math.max(0, (hi - lo + step - 1) / step) : Math.max(0, (lo - hi - step - 1) / -step);
        return new Bounds(lo, hi, step, count);
    }

    private static int clamp(long i, int len, int min, int max) {
        if (i < 0) {
            i += len;
        }
        return (int) Math.max(min, Math.min(max, i));
    }

    static int index(Object idx, int len, String what) {
        if (!Ops.isInt(idx)) {
            throw PyException.type("TypeError", what + " indices must be integers, not " + Py.typeName(idx));
        }
        long i = Ops.toLong(idx);
        if (i < 0) {
            i += len;
        }
        if (i < 0 || i >= len) {
            throw PyException.type("IndexError", what + " index out of range");
        }
        return (int) i;
    }

    static Object get(Object obj, Object idx) {
        if (obj instanceof PyDict d) {
            return Dicts.get(d, idx);
        }
        if (idx instanceof Interp.SliceValue s) {
            return slice(obj, s);
        }
        if (obj instanceof PyList l) {
            return l.get(index(idx, l.size(), "list"));
        }
        if (obj instanceof PyTuple t) {
            return t.items().get(index(idx, t.items().size(), "tuple"));
        }
        if (obj instanceof String s) {
            int[] cps = s.codePoints().toArray();
            return new String(cps, index(idx, cps.length, "string"), 1);
        }
        if (obj instanceof PyBytes b) {
            return (long) (b.data[index(idx, b.data.length, "bytes")] & 0xff);
        }
        if (obj instanceof PyByteArray b) {
            return (long) (b.data[index(idx, b.data.length, "bytearray")] & 0xff);
        }
        if (obj instanceof PyMemoryView m) {
            return (long) m.get(index(idx, m.length, "memoryview"));
        }
        if (obj instanceof PyRange r) {
            return r.start() + r.step() * index(idx, (int) r.length(), "range");
        }
        throw PyException.type("TypeError", "'" + Py.typeName(obj) + "' object isn't subscriptable");
    }

    private static Object slice(Object obj, Interp.SliceValue s) {
        if (obj instanceof PyMemoryView m) {
            Bounds b = bounds(s.lo(), s.hi(), s.step(), m.length);
            if (b.step() != 1) {
                throw PyException.notInSubset("memoryview slices with a step");
            }
            return m.slice(b.start(), b.count());
        }
        if (obj instanceof PyByteArray ba) {
            return new PyByteArray(((PyBytes) slice(new PyBytes(ba.data), s)).data);
        }
        if (obj instanceof String str) {
            int[] cps = str.codePoints().toArray();
            Bounds b = bounds(s.lo(), s.hi(), s.step(), cps.length);
            int[] r = new int[b.count()];
            for (int i = 0; i < b.count(); i++) {
                r[i] = cps[b.start() + i * b.step()];
            }
            return new String(r, 0, r.length);
        }
        if (obj instanceof PyBytes by) {
            Bounds b = bounds(s.lo(), s.hi(), s.step(), by.data.length);
            if (b.step() == 1) {
                return new PyBytes(Arrays.copyOfRange(by.data, b.start(), b.start() + b.count()));
            }
            byte[] r = new byte[b.count()];
            for (int i = 0; i < b.count(); i++) {
                r[i] = by.data[b.start() + i * b.step()];
            }
            return new PyBytes(r);
        }
        List<Object> items = obj instanceof PyList l ? l : obj instanceof PyTuple t ? t.items() : null;
        if (items == null) {
            throw PyException.type("TypeError", "'" + Py.typeName(obj) + "' object isn't subscriptable");
        }
        Bounds b = bounds(s.lo(), s.hi(), s.step(), items.size());
        List<Object> r = new ArrayList<>(b.count());
        for (int i = 0; i < b.count(); i++) {
            r.add(items.get(b.start() + i * b.step()));
        }
        return obj instanceof PyList ? new PyList(r) : new PyTuple(r);
    }

    static void set(Object obj, Object idx, Object value) {
        if (obj instanceof PyDict d) {
            d.put(Dicts.key(idx), value);
        } else if (obj instanceof PyByteArray || obj instanceof PyMemoryView) {
            if (idx instanceof Interp.SliceValue) {
                throw PyException.notInSubset("slice assignment to bytearray/memoryview");
            }
            long v = Ops.toLong(value);
            if (v < 0 || v > 255) {
                throw PyException.type("ValueError", "bytes value out of range");
            }
            PyMemoryView m = PyMemoryView.of(obj);
            m.set(index(idx, m.length, Py.typeName(obj)), (int) v);
        } else if (obj instanceof PyList l) {
            if (idx instanceof Interp.SliceValue s) {
                Bounds b = bounds(s.lo(), s.hi(), s.step(), l.size());
                if (b.step() != 1) {
                    throw PyException.notInSubset("extended slice assignment");
                }
                List<Object> repl = Iter.toList(value);
                l.subList(b.start(), b.start() + b.count()).clear();
                l.addAll(b.start(), repl);
            } else {
                l.set(index(idx, l.size(), "list"), value);
            }
        } else {
            throw PyException.type("TypeError", "'" + Py.typeName(obj) + "' object doesn't support item assignment");
        }
    }

    static void delete(Object obj, Object idx) {
        if (obj instanceof PyDict d) {
            Dicts.get(d, idx);
            d.remove(Dicts.key(idx));
        } else if (obj instanceof PyList l) {
            if (idx instanceof Interp.SliceValue s) {
                Bounds b = bounds(s.lo(), s.hi(), s.step(), l.size());
                if (b.step() != 1) {
                    throw PyException.notInSubset("extended slice deletion");
                }
                l.subList(b.start(), b.start() + b.count()).clear();
            } else {
                l.remove(index(idx, l.size(), "list"));
            }
        } else {
            throw PyException.type("TypeError", "'" + Py.typeName(obj) + "' object doesn't support item deletion");
        }
    }
}
