package dev.ussllab.device.micropython;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A built-in type (int, str, bytes, ...): callable to construct, usable with isinstance(). */
record PyType(String name, Builtin.Fn ctor, Predicate<Object> test) implements PyCallable {

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return ctor.apply(args, kwargs);
    }

    @Override
    public String toString() {
        return "<class '" + name + "'>";
    }
}
