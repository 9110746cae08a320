package dev.ussllab.device.micropython;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The builtins module: functions, types and exception classes every program can name. */
final class Builtins {

    /** Builtins MicroPython has but this subset does not: naming one raises NotImplementedError. */
    private static final List<String> NOT_IN_SUBSET = List.of("set", "frozenset",
            "object", "super", "property", "classmethod", "staticmethod", "input", "compile", "exec",
            "__build_class__", "complex");

    private Builtins() {}

    static Map<String, Object> create(Interp in, Board board) {
        Map<String, Object> b = new HashMap<>();
        ExcType.all().forEach(b::put);
        for (String n : NOT_IN_SUBSET) {
            b.put(n, new Builtin(n, (a, kw) -> {
                throw PyException.notInSubset("'" + n + "'");
            }));
        }
        b.put("print", new Builtin("print", (a, kw) -> {
            String sep = kw.containsKey("sep") && kw.get("sep") != Py.NONE ? Py.str(kw.get("sep")) : " ";
            String end = kw.containsKey("end") && kw.get("end") != Py.NONE ? Py.str(kw.get("end")) : "\n";
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                sb.append(i == 0 ? "" : sep).append(Py.str(a.get(i)));
            }
            sb.append(end);
            Object file = kw.get("file");
            if (file != null && file != Py.NONE) {
                callable(Interp.getAttr(file, "write")).call(List.of(sb.toString()), Map.of());
            } else {
                board.out(sb.toString());
            }
            return Py.NONE;
        }));
        fn(b, "len", 1, 1, a -> Iter.len(a.get(0)));
        fn(b, "repr", 1, 1, a -> Py.repr(a.get(0)));
        fn(b, "hex", 1, 1, a -> Format.spec(a.get(0), "#x"));
        fn(b, "oct", 1, 1, a -> Format.spec(a.get(0), "#o"));
        fn(b, "bin", 1, 1, a -> Format.spec(a.get(0), "#b"));
        fn(b, "chr", 1, 1, a -> {
            long c = Ops.toLong(a.get(0));
            if (c < 0 || c > Character.MAX_CODE_POINT) {
                throw PyException.type("ValueError", "chr() arg not in range(0x110000)");
            }
            return new String(Character.toChars((int) c));
        });
        fn(b, "ord", 1, 1, a -> {
            Object v = a.get(0);
            if (v instanceof String s && s.codePointCount(0, s.length()) == 1) {
                return (long) s.codePointAt(0);
            }
            if (v instanceof PyBytes by && by.data.length == 1) {
                return (long) (by.data[0] & 0xff);
            }
            throw PyException.type("TypeError", "ord() expected a character");
        });
        fn(b, "abs", 1, 1, a -> Ops.compare("<", a.get(0), 0L) < 0 ? Ops.unary("-", a.get(0)) : a.get(0));
        fn(b, "divmod", 2, 2, a -> PyTuple.of(Ops.binary("//", a.get(0), a.get(1)), Ops.binary("%", a.get(0), a.get(1))));
        fn(b, "pow", 2, 3, a -> a.size() == 3
                ? Ops.norm(Ops.big(a.get(0)).modPow(Ops.big(a.get(1)), Ops.big(a.get(2))))
                : Ops.binary("**", a.get(0), a.get(1)));
        fn(b, "round", 1, 2, a -> {
            double d = Ops.toDouble(a.get(0));
            if (a.size() == 1 || a.get(1) == Py.NONE) {
                return Ops.isInt(a.get(0)) ? a.get(0) : (Object) (long) Math.rint(d);
            }
            double f = Math.pow(10, Ops.toLong(a.get(1)));
            return Math.rint(d * f) / f;
        });
        fn(b, "hash", 1, 1, a -> (long) Dicts.key(a.get(0)).hashCode());
        fn(b, "id", 1, 1, a -> (long) System.identityHashCode(a.get(0)));
        fn(b, "callable", 1, 1, a -> a.get(0) instanceof PyCallable);
        fn(b, "iter", 1, 1, a -> new PyIter(Iter.iterate(a.get(0))));
        fn(b, "next", 1, 2, a -> {
            if (!(a.get(0) instanceof PyIter it)) {
                throw PyException.type("TypeError", "'" + Py.typeName(a.get(0)) + "' object isn't an iterator");
            }
            if (it.it().hasNext()) {
                return it.it().next();
            }
            if (a.size() > 1) {
                return a.get(1);
            }
            throw PyException.of("StopIteration");
        });
        fn(b, "any", 1, 1, a -> Iter.toList(a.get(0)).stream().anyMatch(Py::truthy));
        fn(b, "all", 1, 1, a -> Iter.toList(a.get(0)).stream().allMatch(Py::truthy));
        fn(b, "sum", 1, 2, a -> {
            Object total = a.size() > 1 ? a.get(1) : 0L;
            for (Object o : Iter.toList(a.get(0))) {
                total = Ops.binary("+", total, o);
            }
            return total;
        });
        b.put("min", new Builtin("min", (a, kw) -> extreme(a, kw, -1)));
        b.put("max", new Builtin("max", (a, kw) -> extreme(a, kw, 1)));
        b.put("sorted", new Builtin("sorted", (a, kw) -> {
            Builtin.checkArgs("sorted", a, 1, 1);
            PyList l = new PyList(Iter.toList(a.get(0)));
            Methods.sort(l, kw.get("key"), Py.truthy(kw.getOrDefault("reverse", false)));
            return l;
        }));
        fn(b, "reversed", 1, 1, a -> {
            List<Object> l = Iter.toList(a.get(0));
            java.util.Collections.reverse(l);
            return new PyIter(l.iterator());
        });
        fn(b, "enumerate", 1, 2, a -> {
            Iterator<Object> it = Iter.iterate(a.get(0));
            long[] i = {a.size() > 1 ? Ops.toLong(a.get(1)) : 0};
            return new PyIter(new Iterator<>() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public Object next() {
                    return PyTuple.of(i[0]++, it.next());
                }
            });
        });
        b.put("zip", new Builtin("zip", (a, kw) -> {
            List<Iterator<Object>> its = new ArrayList<>();
            a.forEach(x -> its.add(Iter.iterate(x)));
            return new PyIter(new Iterator<>() {
                public boolean hasNext() {
                    return !its.isEmpty() && its.stream().allMatch(Iterator::hasNext);
                }

                public Object next() {
                    List<Object> r = new ArrayList<>();
                    its.forEach(x -> r.add(x.next()));
                    return new PyTuple(r);
                }
            });
        }));
        fn(b, "map", 2, 2, a -> {
            PyCallable f = callable(a.get(0));
            Iterator<Object> it = Iter.iterate(a.get(1));
            return new PyIter(new Iterator<>() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public Object next() {
                    return f.call(List.of(it.next()), Map.of());
                }
            });
        });
        fn(b, "filter", 2, 2, a -> {
            List<Object> r = new ArrayList<>();
            for (Object o : Iter.toList(a.get(1))) {
                if (a.get(0) == Py.NONE ? Py.truthy(o) : Py.truthy(callable(a.get(0)).call(List.of(o), Map.of()))) {
                    r.add(o);
                }
            }
            return new PyIter(r.iterator());
        });
        fn(b, "isinstance", 2, 2, a -> isinstance(a.get(0), a.get(1)));
        fn(b, "type", 1, 1, a -> Types.typeOf(a.get(0)));
        fn(b, "hasattr", 2, 2, a -> {
            try {
                Interp.getAttr(a.get(0), Py.str(a.get(1)));
                return true;
            } catch (PyException e) {
                return false;
            }
        });
        fn(b, "getattr", 2, 3, a -> {
            try {
                return Interp.getAttr(a.get(0), Py.str(a.get(1)));
            } catch (PyException e) {
                if (a.size() > 2 && e.is("AttributeError")) {
                    return a.get(2);
                }
                throw e;
            }
        });
        fn(b, "setattr", 3, 3, a -> {
            if (!(a.get(0) instanceof PyObject o)) {
                throw PyException.type("AttributeError", "'" + Py.typeName(a.get(0)) + "' object has no attribute '" + a.get(1) + "'");
            }
            o.setAttr(Py.str(a.get(1)), a.get(2));
            return Py.NONE;
        });
        fn(b, "globals", 0, 0, a -> Py.NONE);
        b.put("open", new Builtin("open", (a, kw) -> PyFile.open(board, a, kw)));
        fn(b, "__import__", 1, 5, a -> board.modules().load(Py.str(a.get(0))));
        fn(b, "eval", 1, 1, a -> in.evalInteractive(Py.str(a.get(0)), board.globals()));
        fn(b, "help", 0, 1, a -> {
            board.out("Welcome to MicroPython!\n\nFor online docs please visit http://docs.micropython.org/en/latest/esp8266/ .\n"
                    + "This board is emulated by ussl-lab: see `ussl-lab board --help`.\n");
            return Py.NONE;
        });
        Types.addTypes(b);
        return b;
    }

    private static void fn(Map<String, Object> b, String name, int min, int max,
            java.util.function.Function<List<Object>, Object> f) {
        b.put(name, Builtin.positional(name, min, max, f));
    }

    private static Object extreme(List<Object> a, Map<String, Object> kw, int sign) {
        List<Object> items = a.size() == 1 ? Iter.toList(a.get(0)) : a;
        if (items.isEmpty()) {
            if (kw.containsKey("default")) {
                return kw.get("default");
            }
            throw PyException.type("ValueError", "arg is an empty sequence");
        }
        Object key = kw.get("key");
        Object best = items.get(0);
        Object bestKey = key == null ? best : callable(key).call(List.of(best), Map.of());
        for (Object o : items.subList(1, items.size())) {
            Object k = key == null ? o : callable(key).call(List.of(o), Map.of());
            if (Ops.compare("<", k, bestKey) * sign > 0) {
                best = o;
                bestKey = k;
            }
        }
        return best;
    }

    /** The value as something to call, or MicroPython's TypeError. */
    static PyCallable callable(Object v) {
        if (v instanceof PyCallable c) {
            return c;
        }
        throw PyException.type("TypeError", "'" + Py.typeName(v) + "' object isn't callable");
    }

    static boolean isinstance(Object v, Object type) {
        if (type instanceof PyTuple t) {
            return t.items().stream().anyMatch(x -> isinstance(v, x));
        }
        if (type instanceof PyType pt) {
            return pt.test().test(v);
        }
        if (type instanceof ExcType et) {
            return v instanceof PyExc e && e.type.isSubclassOf(et);
        }
        if (type instanceof Classes.PyClass c) {
            return v instanceof Classes.PyInstance i && i.cls.isSubclassOf(c);
        }
        throw PyException.type("TypeError", "isinstance() arg 2 must be a class or tuple of classes");
    }

    /** The buffer-protocol view of a value: bytes, a str (UTF-8), or a list of ints. */
    static byte[] bytesOf(Object v) {
        if (v instanceof PyBytes b) {
            return b.data;
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (v instanceof PyByteArray b) {
            return b.data.clone();
        }
        if (v instanceof PyMemoryView m) {
            return m.bytes();
        }
        throw PyException.type("TypeError", "object with buffer protocol required");
    }

    static String decode(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw PyException.of("UnicodeError");
        }
    }
}
