package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The built-in types as callable constructors: int(), str(), bytes(), list(), dict(), range(). */
final class Types {

    private static final Map<String, PyType> BY_NAME = new HashMap<>();

    static {
        add(new PyType("int", (a, kw) -> toInt(a), Ops::isInt));
        add(new PyType("float", (a, kw) -> toFloat(a), v -> v instanceof Double));
        add(new PyType("bool", (a, kw) -> !a.isEmpty() && Py.truthy(a.get(0)), v -> v instanceof Boolean));
        add(new PyType("str", (a, kw) -> toStr(a), v -> v instanceof String));
        add(new PyType("bytes", (a, kw) -> toBytes(a), v -> v instanceof PyBytes));
        add(new PyType("bytearray", (a, kw) -> new PyByteArray(a.isEmpty() ? new byte[0]
                : Ops.isInt(a.get(0)) ? new byte[count(a.get(0))] : ((PyBytes) toBytes(a)).data.clone()),
                v -> v instanceof PyByteArray));
        add(new PyType("memoryview", (a, kw) -> {
            Builtin.checkArgs("memoryview", a, 1, 1);
            return PyMemoryView.of(a.get(0));
        }, v -> v instanceof PyMemoryView));
        add(new PyType("list", (a, kw) -> a.isEmpty() ? new PyList() : new PyList(Iter.toList(a.get(0))), v -> v instanceof PyList));
        add(new PyType("tuple", (a, kw) -> a.isEmpty() ? PyTuple.of() : new PyTuple(Iter.toList(a.get(0))), v -> v instanceof PyTuple));
        add(new PyType("dict", Types::toDict, v -> v instanceof PyDict));
        add(new PyType("range", (a, kw) -> range(a), v -> v instanceof PyRange));
        add(new PyType("NoneType", (a, kw) -> Py.NONE, v -> v == Py.NONE));
        add(new PyType("function", (a, kw) -> {
            throw PyException.type("TypeError", "cannot create 'function' instances");
        }, v -> v instanceof PyFunction));
    }

    private Types() {}

    private static void add(PyType t) {
        BY_NAME.put(t.name(), t);
    }

    static void addTypes(Map<String, Object> builtins) {
        for (String n : List.of("int", "float", "bool", "str", "bytes", "bytearray", "memoryview", "list", "tuple", "dict", "range")) {
            builtins.put(n, BY_NAME.get(n));
        }
    }

    static Object typeOf(Object v) {
        if (v instanceof PyExc e) {
            return e.type;
        }
        if (v instanceof Classes.PyInstance i) {
            return i.cls;
        }
        PyType t = BY_NAME.get(Py.typeName(v));
        return t != null ? t : new PyType(Py.typeName(v), (a, kw) -> {
            throw PyException.type("TypeError", "cannot create '" + Py.typeName(v) + "' instances");
        }, x -> Py.typeName(x).equals(Py.typeName(v)));
    }

    /** A byte count for bytes(n)/bytearray(n): not negative, and no more than the heap holds. */
    private static int count(Object v) {
        long n = Ops.toLong(v);
        if (n < 0) {
            throw PyException.type("ValueError", "negative count");
        }
        if (n > Board.HEAP_BYTES) {
            throw PyException.type("MemoryError", "memory allocation failed, allocating " + n + " bytes");
        }
        return (int) n;
    }

    private static Object toInt(List<Object> a) {
        Builtin.checkArgs("int", a, 0, 2);
        if (a.isEmpty()) {
            return 0L;
        }
        Object v = a.get(0);
        if (a.size() == 1 && Ops.isInt(v)) {
            return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
        }
        if (a.size() == 1 && v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw PyException.type(d.isNaN() ? "ValueError" : "OverflowError", "can't convert " + Py.floatRepr(d) + " to int");
            }
            return Ops.norm(new java.math.BigDecimal(d).toBigInteger());
        }
        if (v instanceof String || v instanceof PyBytes) {
            String s = v instanceof String str ? str : Methods.latin1(((PyBytes) v).data);
            int base = a.size() > 1 ? (int) Ops.toLong(a.get(1)) : 10;
            String t = s.strip().replace("_", "");
            String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            if (base == 16 && digits.toLowerCase().startsWith("0x") || base == 8 && digits.toLowerCase().startsWith("0o")
                    || base == 2 && digits.toLowerCase().startsWith("0b")) {
                digits = digits.substring(2);
            }
            try {
                Object r = Ops.parseInt(digits, base);
                return t.startsWith("-") ? Ops.unary("-", r) : r;
            } catch (NumberFormatException e) {
                throw PyException.type("ValueError", "invalid syntax for integer with base " + base);
            }
        }
        throw PyException.type("TypeError", "can't convert " + Py.typeName(v) + " to int");
    }

    private static Object toFloat(List<Object> a) {
        Builtin.checkArgs("float", a, 0, 1);
        if (a.isEmpty()) {
            return 0.0;
        }
        Object v = a.get(0);
        if (v instanceof String s) {
            try {
                String t = s.strip().toLowerCase();
                return t.equals("inf") ? Double.POSITIVE_INFINITY : t.equals("nan") ? Double.NaN : Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw PyException.type("ValueError", "invalid syntax for number");
            }
        }
        return Ops.toDouble(v);
    }

    private static Object toStr(List<Object> a) {
        Builtin.checkArgs("str", a, 0, 3);
        if (a.isEmpty()) {
            return "";
        }
        if (a.size() >= 2 && a.get(0) instanceof PyBytes b) {
            return Builtins.decode(b.data);
        }
        return Py.str(a.get(0));
    }

    private static Object toBytes(List<Object> a) {
        Builtin.checkArgs("bytes", a, 0, 3);
        if (a.isEmpty()) {
            return new PyBytes(new byte[0]);
        }
        Object v = a.get(0);
        if (v instanceof String s) {
            if (a.size() < 2) {
                throw PyException.type("TypeError", "string argument without an encoding");
            }
            return new PyBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (Ops.isInt(v)) {
            return new PyBytes(new byte[count(v)]);
        }
        if (v instanceof PyBytes b) {
            return b;
        }
        if (v instanceof PyByteArray || v instanceof PyMemoryView) {
            return new PyBytes(Builtins.bytesOf(v));
        }
        List<Object> items = Iter.toList(v);
        byte[] r = new byte[items.size()];
        for (int i = 0; i < r.length; i++) {
            long x = Ops.toLong(items.get(i));
            if (x < 0 || x > 255) {
                throw PyException.type("ValueError", "bytes value out of range");
            }
            r[i] = (byte) x;
        }
        return new PyBytes(r);
    }

    private static Object toDict(List<Object> a, Map<String, Object> kw) {
        PyDict d = new PyDict();
        Dicts.update(d, a, kw);
        return d;
    }

    private static Object range(List<Object> a) {
        Builtin.checkArgs("range", a, 1, 3);
        long start = a.size() == 1 ? 0 : Ops.toLong(a.get(0));
        long stop = Ops.toLong(a.get(a.size() == 1 ? 0 : 1));
        long step = a.size() == 3 ? Ops.toLong(a.get(2)) : 1;
        if (step == 0) {
            throw PyException.type("ValueError", "zero step");
        }
        return new PyRange(start, stop, step);
    }
}
