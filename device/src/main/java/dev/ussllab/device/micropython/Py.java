package dev.ussllab.device.micropython;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The value model. Python values are plain Java objects: None is {@link #NONE}, bool is Boolean,
 * int is Long (BigInteger past 64 bits), float is Double, str is String, bytes is {@link PyBytes},
 * list/tuple/dict are {@link PyList}/{@link PyTuple}/{@link PyDict}.
 */
final class Py {

    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    static final Object ELLIPSIS = new Object() {
        @Override
        public String toString() {
            return "Ellipsis";
        }
    };

    private Py() {}

    static String typeName(Object v) {
        if (v == NONE) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof BigInteger) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof PyBytes) {
            return "bytes";
        }
        if (v instanceof PyList) {
            return "list";
        }
        if (v instanceof PyByteArray) {
            return "bytearray";
        }
        if (v instanceof PyMemoryView) {
            return "memoryview";
        }
        if (v instanceof PyTuple) {
            return "tuple";
        }
        if (v instanceof PyDict) {
            return "dict";
        }
        if (v instanceof PyRange) {
            return "range";
        }
        if (v instanceof PyObject o) {
            return o.typeName();
        }
        if (v instanceof PyType) {
            return "type";
        }
        if (v instanceof PyCallable) {
            return v instanceof PyFunction ? "function" : "builtin_function_or_method";
        }
        if (v instanceof PyIter it) {
            return it.kind();
        }
        return v.getClass().getSimpleName();
    }

    static boolean truthy(Object v) {
        if (v == NONE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof PyBytes b) {
            return b.data.length > 0;
        }
        if (v instanceof PyByteArray b) {
            return b.data.length > 0;
        }
        if (v instanceof PyMemoryView m) {
            return m.length > 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof PyTuple t) {
            return !t.items().isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof PyRange r) {
            return r.length() > 0;
        }
        return true;
    }

    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof PyExc e) {
            return e.message();
        }
        return repr(v);
    }

    static String repr(Object v) {
        if (v instanceof String s) {
            return strRepr(s);
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        if (v instanceof PyBytes b) {
            return b.repr();
        }
        if (v instanceof PyByteArray || v instanceof PyMemoryView) {
            return v.toString();
        }
        if (v instanceof PyList l) {
            return seq("[", l, "]");
        }
        if (v instanceof PyTuple t) {
            return t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)" : seq("(", t.items(), ")");
        }
        if (v instanceof PyDict d) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<Object, Object> e : d.entrySet()) {
                sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof PyRange r) {
            return r.step() == 1 ? "range(" + r.start() + ", " + r.stop() + ")"
                    : "range(" + r.start() + ", " + r.stop() + ", " + r.step() + ")";
        }
        if (v instanceof PyExc e) {
            return e.type.name + repr(new PyTuple(e.args));
        }
        return String.valueOf(v);
    }

    private static String seq(String open, List<Object> items, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return sb.append(close).toString();
    }

    static String strRepr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }

    /** Floats print with up to 7 significant digits on the ESP8266 (single-precision build). */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.format("%.1f", d);
        }
        String s = new java.math.BigDecimal(d).round(new java.math.MathContext(7)).stripTrailingZeros()
                .toPlainString();
        if (Math.abs(d) < 1e-4 || Math.abs(d) >= 1e16) {
            s = String.format("%.6e", d).replaceAll("0+e", "e").replace(".e", "e");
        }
        return s;
    }
}
