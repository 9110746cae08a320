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

    static Object get(PyDict d, Object k) {
        Object v = d.get(key(k));
        if (v == null) {
            throw new PyException(new PyExc(ExcType.get("KeyError"), new java.util.ArrayList<>(java.util.List.of(k))));
        }
        return v;
    }
}
