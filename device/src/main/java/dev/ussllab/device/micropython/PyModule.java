package dev.ussllab.device.micropython;

import java.util.LinkedHashMap;
import java.util.Map;

/** A module: a name and a dictionary of attributes. */
final class PyModule implements PyObject {
    final String name;
    final Map<String, Object> attrs = new LinkedHashMap<>();

    PyModule(String name) {
        this.name = name;
        attrs.put("__name__", name);
    }

    PyModule put(String key, Object value) {
        attrs.put(key, value);
        return this;
    }

    PyModule fn(String key, int min, int max, java.util.function.Function<java.util.List<Object>, Object> f) {
        attrs.put(key, Builtin.positional(key, min, max, f));
        return this;
    }

    @Override
    public String typeName() {
        return "module";
    }

    @Override
    public Object getAttr(String key) {
        return attrs.get(key);
    }

    @Override
    public void setAttr(String key, Object value) {
        attrs.put(key, value);
    }

    @Override
    public String toString() {
        return "<module '" + name + "'>";
    }
}
