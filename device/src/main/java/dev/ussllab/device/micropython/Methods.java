package dev.ussllab.device.micropython;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Methods of the built-in value types, looked up by attribute name and bound to the value. */
final class Methods {

    private Methods() {}

    static Object bound(Object self, String name) {
        if (self instanceof String s) {
            return StrMethods.bound(s, name);
        }
        if (self instanceof PyBytes b) {
            return StrMethods.boundBytes(b, name);
        }
        if (self instanceof PyList l) {
            return list(l, name);
        }
        if (self instanceof PyByteArray b) {
            return switch (name) {
                case "append" -> fn(name, 1, 1, a -> {
                    b.append(new byte[] {(byte) Ops.toLong(a.get(0))});
                    return Py.NONE;
                });
                case "extend" -> fn(name, 1, 1, a -> {
                    b.append(Builtins.bytesOf(a.get(0)));
                    return Py.NONE;
                });
                case "decode" -> fn(name, 0, 2, a -> Builtins.decode(b.data));
                default -> null;
            };
        }
        if (self instanceof PyDict d) {
            return dict(d, name);
        }
        if (self instanceof PyTuple t) {
            return switch (name) {
                case "index" -> fn(name, 1, 1, a -> index(t.items(), a.get(0)));
                case "count" -> fn(name, 1, 1, a -> count(t.items(), a.get(0)));
                default -> null;
            };
        }
        if (Ops.isInt(self) && name.equals("to_bytes")) {
            return fn(name, 2, 3, a -> toBytes(self, Ops.toLong(a.get(0)), Py.str(a.get(1))));
        }
        if (self instanceof PyType t && t.name().equals("int") && name.equals("from_bytes")) {
            return fn(name, 2, 3, a -> fromBytes(Builtins.bytesOf(a.get(0)), Py.str(a.get(1))));
        }
        if (self instanceof PyType t && name.equals("__name__")) {
            return t.name();
        }
        if (self instanceof PyFunction f && name.equals("__name__")) {
            return f.name;
        }
        return null;
    }

    static Builtin fn(String name, int min, int max, java.util.function.Function<List<Object>, Object> f) {
        return Builtin.positional(name, min, max, f);
    }

    private static Object list(PyList l, String name) {
        return switch (name) {
            case "append" -> fn(name, 1, 1, a -> {
                l.add(a.get(0));
                return Py.NONE;
            });
            case "extend" -> fn(name, 1, 1, a -> {
                l.addAll(Iter.toList(a.get(0)));
                return Py.NONE;
            });
            case "insert" -> fn(name, 2, 2, a -> {
                long i = Ops.toLong(a.get(0));
                i = i < 0 ? Math.max(0, i + l.size()) : Math.min(i, l.size());
                l.add((int) i, a.get(1));
                return Py.NONE;
            });
            case "pop" -> fn(name, 0, 1, a -> {
                if (l.isEmpty()) {
                    throw PyException.type("IndexError", "pop from empty list");
                }
                return l.remove(a.isEmpty() ? l.size() - 1 : Seq.index(a.get(0), l.size(), "list"));
            });
            case "remove" -> fn(name, 1, 1, a -> {
                l.remove((int) Ops.toLong(index(l, a.get(0))));
                return Py.NONE;
            });
            case "index" -> fn(name, 1, 1, a -> index(l, a.get(0)));
            case "count" -> fn(name, 1, 1, a -> count(l, a.get(0)));
            case "reverse" -> fn(name, 0, 0, a -> {
                java.util.Collections.reverse(l);
                return Py.NONE;
            });
            case "clear" -> fn(name, 0, 0, a -> {
                l.clear();
                return Py.NONE;
            });
            case "copy" -> fn(name, 0, 0, a -> new PyList(l));
            case "sort" -> new Builtin(name, (a, kw) -> {
                sort(l, kw.get("key"), Py.truthy(kw.getOrDefault("reverse", false)));
                return Py.NONE;
            });
            default -> null;
        };
    }

    static void sort(List<Object> l, Object key, boolean reverse) {
        List<Object> keys = new ArrayList<>();
        for (Object o : l) {
            keys.add(key == null || key == Py.NONE ? o : Builtins.callable(key).call(List.of(o), Map.of()));
        }
        Integer[] idx = new Integer[l.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Comparator<Integer> cmp = (x, y) -> Ops.compare("<", keys.get(x), keys.get(y));
        java.util.Arrays.sort(idx, reverse ? cmp.reversed() : cmp);
        List<Object> sorted = new ArrayList<>();
        for (Integer i : idx) {
            sorted.add(l.get(i));
        }
        l.clear();
        l.addAll(sorted);
    }

    private static Object dict(PyDict d, String name) {
        return switch (name) {
            case "keys" -> fn(name, 0, 0, a -> new PyList(d.keySet()));
            case "values" -> fn(name, 0, 0, a -> new PyList(d.values()));
            case "items" -> fn(name, 0, 0, a -> {
                PyList r = new PyList();
                d.forEach((k, v) -> r.add(PyTuple.of(k, v)));
                return r;
            });
            case "get" -> fn(name, 1, 2, a -> {
                Object v = d.get(Dicts.key(a.get(0)));
                return v != null ? v : a.size() > 1 ? a.get(1) : Py.NONE;
            });
            case "pop" -> fn(name, 1, 2, a -> {
                Object v = d.remove(Dicts.key(a.get(0)));
                if (v == null) {
                    if (a.size() > 1) {
                        return a.get(1);
                    }
                    throw PyException.of("KeyError", a.get(0));
                }
                return v;
            });
            case "setdefault" -> fn(name, 1, 2, a -> d.computeIfAbsent(Dicts.key(a.get(0)), k -> a.size() > 1 ? a.get(1) : Py.NONE));
            case "update" -> new Builtin(name, (a, kw) -> {
                Dicts.update(d, a, kw);
                return Py.NONE;
            });
            case "clear" -> fn(name, 0, 0, a -> {
                d.clear();
                return Py.NONE;
            });
            case "copy" -> fn(name, 0, 0, a -> {
                PyDict c = new PyDict();
                c.putAll(d);
                return c;
            });
            case "popitem" -> fn(name, 0, 0, a -> {
                if (d.isEmpty()) {
                    throw PyException.of("KeyError", "popitem(): dictionary is empty");
                }
                Object k = d.keySet().iterator().next();
                return PyTuple.of(k, d.remove(k));
            });
            default -> null;
        };
    }

    static Object index(List<Object> l, Object x) {
        for (int i = 0; i < l.size(); i++) {
            if (Ops.eq(l.get(i), x)) {
                return (long) i;
            }
        }
        throw PyException.type("ValueError", "object not in sequence");
    }

    static Object count(List<Object> l, Object x) {
        long n = 0;
        for (Object o : l) {
            if (Ops.eq(o, x)) {
                n++;
            }
        }
        return n;
    }

    private static Object toBytes(Object v, long len, String order) {
        if (len < 0 || len > Board.HEAP_BYTES) {
            throw PyException.type("ValueError", "length argument must be non-negative and fit the heap");
        }
        byte[] b = new byte[(int) len];
        java.math.BigInteger x = Ops.big(v);
        for (int i = 0; i < len; i++) {
            b[order.equals("little") ? i : (int) len - 1 - i] = x.shiftRight(8 * i).byteValue();
        }
        return new PyBytes(b);
    }

    private static Object fromBytes(byte[] b, String order) {
        java.math.BigInteger x = java.math.BigInteger.ZERO;
        for (int i = 0; i < b.length; i++) {
            int byteVal = b[order.equals("little") ? b.length - 1 - i : i] & 0xff;
            x = x.shiftLeft(8).or(java.math.BigInteger.valueOf(byteVal));
        }
        return Ops.norm(x);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
