package dev.ussllab.device.micropython;

/** Dict key normalisation: an integral float key finds the int key, as in Python. */
final class Dicts {
    private Dicts() {}

    static Object key(Object k) {
        if (k instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
            return (long) (double) d;
        }
        if (k instanceof PyList || k instanceof PyDict || k instanceof PyByteArray || k instanceof PyMemoryView) {
            throw PyException.type("TypeError", "unhashable type: '" + Py.typeName(k) + "'");
        }
        return k;
    }

    /** dict(x, **kw) and d.update(x, **kw): x a dict or a sequence of (key, value) pairs. */
    static void update(PyDict d, java.util.List<Object> args, java.util.Map<String, Object> kw) {
        if (!args.isEmpty()) {
            if (args.get(0) instanceof PyDict other) {
                d.putAll(other);
            } else {
                for (Object element : Iter.toList(args.get(0))) {
                    java.util.List<Object> kv = Iter.toList(element);
                    if (kv.size() != 2) {
                        throw PyException.type("ValueError", "dict update sequence element has length " + kv.size() + "; 2 is required");
                    }
                    d.put(key(kv.get(0)), kv.get(1));
                }
            }
        }
        d.putAll(kw);
    }

    static Object get(PyDict d, Object k) {
        Object v = d.get(key(k));
        if (v == null) {
            throw new PyException(new PyExc(ExcType.get("KeyError"), new java.util.ArrayList<>(java.util.List.of(k))));
        }
        return v;
    }
}
