package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Node.ClassDef;
import dev.ussllab.device.micropython.Node.Const;
import dev.ussllab.device.micropython.Node.ExprStmt;
import dev.ussllab.device.micropython.Node.Pass;
import dev.ussllab.device.micropython.Node.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simple classes: single inheritance, attributes, methods and __init__; exception subclasses
 * without methods. Special methods that would change how Python treats the object (__str__,
 * __eq__, __iter__, ...) are refused by name rather than silently ignored.
 */
final class Classes {

    static final String CLASS_BLOCK = "<class>";
    /** Names a class body may define that do not change object behaviour. */
    private static final Set<String> PLAIN_DUNDERS = Set.of("__init__", "__module__", "__qualname__", "__doc__");

    private Classes() {}

    static Object define(Interp in, ClassDef c, Interp.Scope outer) {
        List<Object> bases = new ArrayList<>();
        for (var b : c.bases()) {
            Object base = in.eval(b, outer);
            if (!(base instanceof Builtin bi && bi.name().equals("object"))) {
                bases.add(base);
            }
        }
        if (bases.size() > 1) {
            throw PyException.notInSubset("multiple inheritance");
        }
        Object base = bases.isEmpty() ? null : bases.get(0);
        if (base instanceof ExcType et) {
            for (Stmt st : c.body()) {
                boolean docOrPass = st instanceof Pass || st instanceof ExprStmt es && es.expr() instanceof Const;
                if (!docOrPass) {
                    throw PyException.notInSubset("a body other than 'pass' in an exception class");
                }
            }
            return ExcType.subclass(c.name(), et);
        }
        if (base != null && !(base instanceof PyClass)) {
            throw PyException.type("TypeError", "can't subclass '" + Py.typeName(base) + "' here");
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("__module__", "__main__");
        in.execBlock(c.body(), new Interp.Scope(dict, outer, outer.globals, outer.file, CLASS_BLOCK));
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("__") && k.endsWith("__") && !PLAIN_DUNDERS.contains(k)) {
                throw PyException.notInSubset("'" + k + "' in a class");
            }
        }
        return new PyClass(c.name(), (PyClass) base, dict);
    }

    /** A class: callable to make instances; attributes looked up through the base chain. */
    static final class PyClass implements PyObject, PyCallable {
        final String name;
        final PyClass base;
        final Map<String, Object> dict;

        PyClass(String name, PyClass base, Map<String, Object> dict) {
            this.name = name;
            this.base = base;
            this.dict = dict;
        }

        Object lookup(String attr) {
            for (PyClass c = this; c != null; c = c.base) {
                Object v = c.dict.get(attr);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        boolean isSubclassOf(PyClass other) {
            for (PyClass c = this; c != null; c = c.base) {
                if (c == other) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Object call(List<Object> args, Map<String, Object> kwargs) {
            PyInstance obj = new PyInstance(this);
            Object init = lookup("__init__");
            if (init instanceof PyCallable f) {
                List<Object> withSelf = new ArrayList<>(args.size() + 1);
                withSelf.add(obj);
                withSelf.addAll(args);
                if (f.call(withSelf, kwargs) != Py.NONE) {
                    throw PyException.type("TypeError", "__init__() should return None");
                }
            } else if (!args.isEmpty() || !kwargs.isEmpty()) {
                throw PyException.type("TypeError", "function takes 0 positional arguments but " + args.size() + " were given");
            }
            return obj;
        }

        @Override
        public String typeName() {
            return "type";
        }

        @Override
        public Object getAttr(String attr) {
            return attr.equals("__name__") ? name : lookup(attr);
        }

        @Override
        public void setAttr(String attr, Object value) {
            dict.put(attr, value);
        }

        @Override
        public String toString() {
            return "<class '" + name + "'>";
        }
    }

    /** An instance: its own attributes first, then the class's, with methods bound to it. */
    static final class PyInstance implements PyObject {
        final PyClass cls;
        private final Map<String, Object> attrs = new LinkedHashMap<>();

        PyInstance(PyClass cls) {
            this.cls = cls;
        }

        @Override
        public String typeName() {
            return cls.name;
        }

        @Override
        public Object getAttr(String name) {
            Object v = attrs.get(name);
            if (v != null) {
                return v;
            }
            if (name.equals("__class__")) {
                return cls;
            }
            v = cls.lookup(name);
            if (v instanceof PyFunction f) {
                return new Builtin(f.name, (a, kw) -> {
                    List<Object> withSelf = new ArrayList<>(a.size() + 1);
                    withSelf.add(this);
                    withSelf.addAll(a);
                    return f.call(withSelf, kw);
                });
            }
            return v;
        }

        @Override
        public void setAttr(String name, Object value) {
            attrs.put(name, value);
        }

        @Override
        public String toString() {
            // MicroPython prints the object's heap address; the identity hash stands in for it.
            return "<" + cls.name + " object at " + Integer.toHexString(System.identityHashCode(this)) + ">";
        }
    }
}
