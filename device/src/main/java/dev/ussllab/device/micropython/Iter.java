package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Iteration, membership and len() over the built-in types. */
final class Iter {

    private Iter() {}

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String sub)) {
                throw PyException.type("TypeError", "can't convert '" + Py.typeName(item) + "' object to str implicitly");
            }
            return s.contains(sub);
        }
        if (container instanceof PyBytes b) {
            if (Ops.isInt(item)) {
                long v = Ops.toLong(item);
                for (byte x : b.data) {
                    if ((x & 0xff) == v) {
                        return true;
                    }
                }
                return false;
            }
            return Methods.indexOf(b.data, Builtins.bytesOf(item), 0) >= 0;
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(Dicts.key(item));
        }
        Iterator<Object> it = iterate(container);
        while (it.hasNext()) {
            if (Ops.eq(it.next(), item)) {
                return true;
            }
        }
        return false;
    }

    static Iterator<Object> iterate(Object v) {
        if (v instanceof PyList l) {
            return new ArrayList<>(l).iterator();
        }
        if (v instanceof PyTuple t) {
            return t.items().iterator();
        }
        if (v instanceof String s) {
            return s.codePoints().mapToObj(cp -> (Object) new String(Character.toChars(cp))).iterator();
        }
        if (v instanceof PyByteArray || v instanceof PyMemoryView) {
            return iterate(new PyBytes(Builtins.bytesOf(v)));
        }
        if (v instanceof PyBytes b) {
            List<Object> r = new ArrayList<>(b.data.length);
            for (byte x : b.data) {
                r.add((long) (x & 0xff));
            }
            return r.iterator();
        }
        if (v instanceof PyDict d) {
            return new ArrayList<>(d.keySet()).iterator();
        }
        if (v instanceof PyRange r) {
            return new Iterator<>() {
                long i = 0;
                final long n = r.length();

                @Override
                public boolean hasNext() {
                    return i < n;
                }

                @Override
                public Object next() {
                    return r.start() + r.step() * i++;
                }
            };
        }
        if (v instanceof PyIter it) {
            return it.it();
        }
        if (v instanceof Iterable<?> iterable) {
            @SuppressWarnings("unchecked")
            Iterator<Object> it = (Iterator<Object>) iterable.iterator();
            return it;
        }
        throw PyException.type("TypeError", "'" + Py.typeName(v) + "' object isn't iterable");
    }

    static List<Object> toList(Object v) {
        List<Object> r = new ArrayList<>();
        iterate(v).forEachRemaining(r::add);
        return r;
    }

    static long len(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof PyBytes b) {
            return b.data.length;
        }
        if (v instanceof PyByteArray b) {
            return b.data.length;
        }
        if (v instanceof PyMemoryView m) {
            return m.length;
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof PyTuple t) {
            return t.items().size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v instanceof PyRange r) {
            return r.length();
        }
        throw PyException.type("TypeError", "object of type '" + Py.typeName(v) + "' has no len()");
    }
}
