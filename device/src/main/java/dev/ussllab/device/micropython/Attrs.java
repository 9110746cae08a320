package dev.ussllab.device.micropython;

import java.util.LinkedHashMap;
import java.util.Map;

/** A plain object with a fixed type name and attributes (sys.implementation, a WLAN, a hash). */
class Attrs implements PyObject {
    private final String type;
    private final boolean namedTuple;
    final Map<String, Object> attrs = new LinkedHashMap<>();

    Attrs(String type) {
        this(type, false);
    }

    /** @param namedTuple print as MicroPython prints its attrtuples: (name='esp8266', ...) */
    Attrs(String type, boolean namedTuple) {
        this.type = type;
        this.namedTuple = namedTuple;
    }

    Attrs put(String key, Object value) {
        attrs.put(key, value);
        return this;
    }

    Attrs fn(String key, int min, int max, java.util.function.Function<java.util.List<Object>, Object> f) {
        attrs.put(key, Builtin.positional(key, min, max, f));
        return this;
    }

    @Override
    public String typeName() {
        return type;
    }

    @Override
    public Object getAttr(String name) {
        return attrs.get(name);
    }

    @Override
    public String toString() {
        if (!namedTuple) {
            return "<" + type + ">";
        }
        StringBuilder sb = new StringBuilder("(");
        attrs.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(Py.repr(v)));
        return sb.append(')').toString();
    }
}
