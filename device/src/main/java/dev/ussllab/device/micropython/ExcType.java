package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A built-in exception class, with MicroPython's hierarchy. Calling it makes an instance. */
final class ExcType implements PyCallable, PyObject {

    private static final Map<String, ExcType> ALL = new LinkedHashMap<>();

    static {
        // The hierarchy of py/objexcept.c, for the classes the subset raises or scripts catch.
        def("BaseException", null);
        def("SystemExit", "BaseException");
        def("KeyboardInterrupt", "BaseException");
        def("GeneratorExit", "BaseException");
        def("Exception", "BaseException");
        def("StopIteration", "Exception");
        def("ArithmeticError", "Exception");
        def("OverflowError", "ArithmeticError");
        def("ZeroDivisionError", "ArithmeticError");
        def("AssertionError", "Exception");
        def("AttributeError", "Exception");
        def("EOFError", "Exception");
        def("ImportError", "Exception");
        def("LookupError", "Exception");
        def("IndexError", "LookupError");
        def("KeyError", "LookupError");
        def("MemoryError", "Exception");
        def("NameError", "Exception");
        def("OSError", "Exception");
        def("RuntimeError", "Exception");
        def("NotImplementedError", "RuntimeError");
        def("SyntaxError", "Exception");
        def("IndentationError", "SyntaxError");
        def("TypeError", "Exception");
        def("ValueError", "Exception");
        def("UnicodeError", "ValueError");
    }

    final String name;
    final ExcType parent;

    private ExcType(String name, ExcType parent) {
        this.name = name;
        this.parent = parent;
    }

    private static void def(String name, String parent) {
        ALL.put(name, new ExcType(name, parent == null ? null : ALL.get(parent)));
    }

    /** A user's exception class: `class MyError(ValueError): pass`. */
    static ExcType subclass(String name, ExcType parent) {
        return new ExcType(name, parent);
    }

    static ExcType get(String name) {
        ExcType t = ALL.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no exception type " + name);
        }
        return t;
    }

    static Map<String, ExcType> all() {
        return ALL;
    }

    boolean isSubclassOf(ExcType other) {
        for (ExcType t = this; t != null; t = t.parent) {
            if (t == other) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return new PyExc(this, new ArrayList<>(args));
    }

    @Override
    public String typeName() {
        return "type";
    }

    @Override
    public Object getAttr(String attr) {
        return attr.equals("__name__") ? name : null;
    }

    @Override
    public String toString() {
        return "<class '" + name + "'>";
    }
}
