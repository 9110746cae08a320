package dev.ussllab.device.upy;

import com.dylibso.chicory.runtime.Memory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java objects as MicroPython sees JavaScript objects: the port's JS-proxy imports (lookup_attr,
 * call0..calln, ...) implemented over a table of Java objects. A board module is a {@link
 * HostObject} whose attributes are {@link HostFunction}s and plain values; Python code calls them
 * like any module. Values crossing: None/bool/int/float/str both ways, host objects by reference.
 * Bytes cross as addresses of Python buffers (uctypes), never as copies through this table.
 */
public final class Bridge {

    /** Returned by {@link HostObject#get} for a missing attribute (AttributeError in Python). */
    public static final Object MISSING = new Object();

    /** A Java object with attributes. */
    @FunctionalInterface
    public interface HostObject {
        Object get(String name);
    }

    /** A Java function callable from Python. */
    @FunctionalInterface
    public interface HostFunction {
        Object call(Object... args);
    }

    // PROXY_KIND_JS_* (what Java hands to the VM) and PROXY_KIND_MP_* (what the VM hands over),
    // ports/webassembly/proxy_c.c.
    private static final int JS_UNDEFINED = 0;
    private static final int JS_NULL = 1;
    private static final int JS_BOOLEAN = 2;
    private static final int JS_INTEGER = 3;
    private static final int JS_DOUBLE = 4;
    private static final int JS_STRING = 5;
    private static final int JS_OBJECT_EXISTING = 6;
    private static final int JS_OBJECT = 7;
    private static final int MP_NONE = 1;
    private static final int MP_BOOL = 2;
    private static final int MP_INT = 3;
    private static final int MP_FLOAT = 4;
    private static final int MP_STR = 5;
    private static final int MP_JSPROXY = 9;
    /** Refs 0 and 1 are the JS global object and undefined in the port's table. */
    private static final int FIRST_REF = 2;

    private final MicroPythonVm vm;
    private final List<Object> refs = new ArrayList<>();
    private final Map<Object, Integer> refOf = new IdentityHashMap<>();

    Bridge(MicroPythonVm vm) {
        this.vm = vm;
        refs.add(null);
        refs.add(null);
    }

    void closeAll() {
        refs.clear();
        refOf.clear();
    }

    MicroPythonVm.Handler handler(String name) {
        return switch (name) {
            case "lookup_attr" -> a -> new long[] {lookupAttr((int) a[0], (int) a[1], (int) a[2])};
            case "has_attr" -> a -> new long[] {attr(obj((int) a[0]), vm.readCString((int) a[1])) != MISSING ? 1 : 0};
            case "store_attr" -> a -> null;
            case "call0" -> a -> {
                call((int) a[0], new Object[0], (int) a[1]);
                return null;
            };
            case "call1" -> a -> {
                call((int) a[0], new Object[] {read((int) a[2])}, (int) a[3]);
                return new long[] {0};
            };
            case "call2" -> a -> {
                call((int) a[0], new Object[] {read((int) a[2]), read((int) a[3])}, (int) a[4]);
                return new long[] {0};
            };
            case "calln" -> a -> {
                int n = (int) a[2];
                Object[] args = new Object[n];
                for (int i = 0; i < n; i++) {
                    args[i] = read((int) a[3] + 12 * i);
                }
                call((int) a[0], args, (int) a[4]);
                return new long[] {0};
            };
            case "call0_kwarg" -> a -> {
                Map<String, Object> kw = kwargs((int) a[2], (int) a[3], (int) a[4]);
                call((int) a[0], new Object[] {kw}, (int) a[5]);
                return null;
            };
            case "calln_kwarg" -> a -> {
                int n = (int) a[2];
                Object[] args = new Object[n + 1];
                for (int i = 0; i < n; i++) {
                    args[i] = read((int) a[3] + 12 * i);
                }
                args[n] = kwargs((int) a[4], (int) a[5], (int) a[6]);
                call((int) a[0], args, (int) a[7]);
                return null;
            };
            case "js_check_existing" -> a -> new long[] {-1};
            case "proxy_js_free_obj" -> a -> {
                int ref = (int) a[0];
                if (ref >= FIRST_REF && ref < refs.size()) {
                    Object o = refs.set(ref, null);
                    if (o != null) {
                        refOf.remove(o);
                    }
                }
                return null;
            };
            case "js_get_proxy_js_ref_info" -> a -> {
                Memory m = vm.memory();
                m.writeI32((int) a[0], refs.size());
                m.writeI32((int) a[0] + 4, refOf.size());
                return null;
            };
            default -> null;
        };
    }

    private Map<String, Object> kwargs(int n, int keys, int values) {
        Map<String, Object> kw = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String k = vm.readCString(vm.memory().readInt(keys + 4 * i));
            kw.put(k, read(values + 12 * i));
        }
        return kw;
    }

    private Object obj(int ref) {
        return ref >= 0 && ref < refs.size() ? refs.get(ref) : null;
    }

    private static Object attr(Object base, String name) {
        if (base instanceof HostObject h) {
            Object v = h.get(name);
            return v == null ? null : v;
        }
        return MISSING;
    }

    private int lookupAttr(int ref, int namePtr, int out) {
        Object v = attr(obj(ref), vm.readCString(namePtr));
        if (v == MISSING) {
            return 0;
        }
        writeJsValue(out, v);
        return 1;
    }

    private void call(int ref, Object[] args, int out) {
        Object f = obj(ref);
        Object r;
        if (f instanceof HostFunction hf) {
            r = hf.call(args);
        } else {
            r = "\u0000E22 not callable";
        }
        writeJsValue(out, r);
    }

    /** A value from the VM (a 12-byte proxy record). */
    Object read(int p) {
        Memory m = vm.memory();
        int kind = m.readInt(p);
        return switch (kind) {
            case MP_NONE -> null;
            case MP_BOOL -> m.readInt(p + 4) != 0;
            case MP_INT -> m.readInt(p + 4);
            case MP_FLOAT -> Double.longBitsToDouble((m.readInt(p + 4) & 0xffffffffL) | ((long) m.readInt(p + 8) << 32));
            case MP_STR -> new String(m.readBytes(m.readInt(p + 8), m.readInt(p + 4)), StandardCharsets.UTF_8);
            case MP_JSPROXY -> obj(m.readInt(p + 4));
            default -> new PyRef(kind, m.readInt(p + 4));
        };
    }

    /** A Python object other than None/bool/int/float/str, held by the VM's proxy table. */
    public record PyRef(int kind, int ref) { }

    /** Writes a Java value as a 12-byte proxy record the VM converts. */
    void writeJsValue(int out, Object v) {
        Memory m = vm.memory();
        if (v == null) {
            m.writeI32(out, JS_NULL);
        } else if (v instanceof Boolean b) {
            m.writeI32(out, JS_BOOLEAN);
            m.writeI32(out + 4, b ? 1 : 0);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte
                || (v instanceof Long l && l == (int) (long) l)) {
            m.writeI32(out, JS_INTEGER);
            m.writeI32(out + 4, ((Number) v).intValue());
        } else if (v instanceof Number n) {
            long bits = Double.doubleToRawLongBits(n.doubleValue());
            m.writeI32(out, JS_DOUBLE);
            m.writeI32(out + 4, (int) bits);
            m.writeI32(out + 8, (int) (bits >>> 32));
        } else if (v instanceof CharSequence s) {
            byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
            int buf = vm.alloc(b.length + 1);
            m.write(buf, b);
            m.writeByte(buf + b.length, (byte) 0);
            m.writeI32(out, JS_STRING);
            m.writeI32(out + 4, b.length);
            m.writeI32(out + 8, buf);
        } else {
            Integer existing = refOf.get(v);
            if (existing != null) {
                m.writeI32(out, JS_OBJECT_EXISTING);
                m.writeI32(out + 4, existing);
                return;
            }
            int ref = refs.size();
            for (int i = FIRST_REF; i < refs.size(); i++) {
                if (refs.get(i) == null) {
                    ref = i;
                    break;
                }
            }
            if (ref == refs.size()) {
                refs.add(v);
            } else {
                refs.set(ref, v);
            }
            refOf.put(v, ref);
            m.writeI32(out, JS_OBJECT);
            m.writeI32(out + 4, ref);
        }
    }

    static final int UNDEFINED_KIND = JS_UNDEFINED;
}
