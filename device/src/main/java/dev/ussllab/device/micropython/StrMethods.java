package dev.ussllab.device.micropython;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * str methods, and bytes methods by the same code: bytes are viewed as Latin-1 strings (one char
 * per byte), so split/strip/replace/find behave byte for byte, and results convert back.
 */
final class StrMethods {

    private StrMethods() {}

    static Object bound(String s, String name) {
        if (name.equals("format")) {
            return new Builtin(name, (a, kw) -> Format.format(s, a, kw));
        }
        if (name.equals("encode")) {
            return Methods.fn(name, 0, 2, a -> new PyBytes(s.getBytes(StandardCharsets.UTF_8)));
        }
        return common(s, name, false);
    }

    static Object boundBytes(PyBytes b, String name) {
        if (name.equals("decode")) {
            return Methods.fn(name, 0, 2, a -> Builtins.decode(b.data));
        }
        if (name.equals("hex")) {
            return Methods.fn(name, 0, 0, a -> java.util.HexFormat.of().formatHex(b.data));
        }
        return common(Methods.latin1(b.data), name, true);
    }

    private static String arg(Object v, boolean bytes) {
        if (bytes) {
            if (!(v instanceof PyBytes b)) {
                throw PyException.type("TypeError", "a bytes-like object is required");
            }
            return Methods.latin1(b.data);
        }
        if (!(v instanceof String s)) {
            throw PyException.type("TypeError", "can't convert '" + Py.typeName(v) + "' object to str implicitly");
        }
        return s;
    }

    private static Object out(String s, boolean bytes) {
        return bytes ? new PyBytes(s.getBytes(StandardCharsets.ISO_8859_1)) : s;
    }

    private static PyList outList(List<String> parts, boolean bytes) {
        PyList r = new PyList();
        parts.forEach(p -> r.add(out(p, bytes)));
        return r;
    }

    private static Object common(String s, String name, boolean bytes) {
        return switch (name) {
            case "join" -> Methods.fn(name, 1, 1, a -> {
                List<String> parts = new ArrayList<>();
                for (Object o : Iter.toList(a.get(0))) {
                    parts.add(arg(o, bytes));
                }
                return out(String.join(s, parts), bytes);
            });
            case "split" -> Methods.fn(name, 0, 2, a -> outList(split(s, a.isEmpty() || a.get(0) == Py.NONE ? null : arg(a.get(0), bytes),
                    a.size() > 1 ? Ops.toLong(a.get(1)) : -1), bytes));
            case "rsplit" -> Methods.fn(name, 0, 2, a -> {
                long max = a.size() > 1 ? Ops.toLong(a.get(1)) : -1;
                String sep = a.isEmpty() || a.get(0) == Py.NONE ? null : arg(a.get(0), bytes);
                if (max < 0 || sep == null) {
                    return outList(split(s, sep, max), bytes);
                }
                List<String> r = new ArrayList<>();
                String rest = s;
                while (max-- > 0) {
                    int i = rest.lastIndexOf(sep);
                    if (i < 0) {
                        break;
                    }
                    r.add(0, rest.substring(i + sep.length()));
                    rest = rest.substring(0, i);
                }
                r.add(0, rest);
                return outList(r, bytes);
            });
            case "splitlines" -> Methods.fn(name, 0, 1, a -> outList(List.of(s.split("\r?\n|\r", -1)).subList(0,
                    s.isEmpty() ? 0 : s.split("\r?\n|\r", -1).length - (s.endsWith("\n") || s.endsWith("\r") ? 1 : 0)), bytes));
            case "strip", "lstrip", "rstrip" -> Methods.fn(name, 0, 1, a -> {
                String chars = a.isEmpty() || a.get(0) == Py.NONE ? " \t\n\r\f\u000b" : arg(a.get(0), bytes);
                int lo = 0;
                int hi = s.length();
                if (!name.equals("rstrip")) {
                    while (lo < hi && chars.indexOf(s.charAt(lo)) >= 0) {
                        lo++;
                    }
                }
                if (!name.equals("lstrip")) {
                    while (hi > lo && chars.indexOf(s.charAt(hi - 1)) >= 0) {
                        hi--;
                    }
                }
                return out(s.substring(lo, hi), bytes);
            });
            case "startswith" -> Methods.fn(name, 1, 2, a -> s.startsWith(arg(a.get(0), bytes), a.size() > 1 ? (int) Ops.toLong(a.get(1)) : 0));
            case "endswith" -> Methods.fn(name, 1, 1, a -> s.endsWith(arg(a.get(0), bytes)));
            case "find" -> Methods.fn(name, 1, 2, a -> (long) s.indexOf(arg(a.get(0), bytes), a.size() > 1 ? (int) Ops.toLong(a.get(1)) : 0));
            case "rfind" -> Methods.fn(name, 1, 1, a -> (long) s.lastIndexOf(arg(a.get(0), bytes)));
            case "index" -> Methods.fn(name, 1, 2, a -> {
                int i = s.indexOf(arg(a.get(0), bytes), a.size() > 1 ? (int) Ops.toLong(a.get(1)) : 0);
                if (i < 0) {
                    throw PyException.type("ValueError", "substring not found");
                }
                return (long) i;
            });
            case "count" -> Methods.fn(name, 1, 1, a -> {
                String sub = arg(a.get(0), bytes);
                if (sub.isEmpty()) {
                    return (long) s.length() + 1;
                }
                long n = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                    n++;
                }
                return n;
            });
            case "replace" -> Methods.fn(name, 2, 3, a -> {
                String from = arg(a.get(0), bytes);
                String to = arg(a.get(1), bytes);
                long max = a.size() > 2 ? Ops.toLong(a.get(2)) : -1;
                if (max < 0) {
                    return out(s.replace(from, to), bytes);
                }
                String r = s;
                StringBuilder sb = new StringBuilder();
                int pos = 0;
                while (max-- > 0) {
                    int i = r.indexOf(from, pos);
                    if (i < 0) {
                        break;
                    }
                    sb.append(r, pos, i).append(to);
                    pos = i + from.length();
                }
                return out(sb.append(r.substring(pos)).toString(), bytes);
            });
            case "upper" -> Methods.fn(name, 0, 0, a -> out(s.toUpperCase(java.util.Locale.ROOT), bytes));
            case "lower" -> Methods.fn(name, 0, 0, a -> out(s.toLowerCase(java.util.Locale.ROOT), bytes));
            case "isdigit" -> Methods.fn(name, 0, 0, a -> !s.isEmpty() && s.chars().allMatch(Character::isDigit));
            case "isalpha" -> Methods.fn(name, 0, 0, a -> !s.isEmpty() && s.chars().allMatch(Character::isLetter));
            case "isspace" -> Methods.fn(name, 0, 0, a -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace));
            case "isupper" -> Methods.fn(name, 0, 0, a -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase()));
            case "islower" -> Methods.fn(name, 0, 0, a -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase()));
            case "center", "ljust", "rjust" -> Methods.fn(name, 1, 2, a -> {
                int w = (int) Ops.toLong(a.get(0));
                String fill = a.size() > 1 ? arg(a.get(1), bytes) : " ";
                int pad = Math.max(0, w - s.length());
                return out(switch (name) {
                    case "ljust" -> s + fill.repeat(pad);
                    case "rjust" -> fill.repeat(pad) + s;
                    default -> fill.repeat(pad / 2) + s + fill.repeat(pad - pad / 2);
                }, bytes);
            });
            case "partition", "rpartition" -> Methods.fn(name, 1, 1, a -> {
                String sep = arg(a.get(0), bytes);
                int i = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (i < 0) {
                    return name.equals("partition") ? PyTuple.of(out(s, bytes), out("", bytes), out("", bytes))
                            : PyTuple.of(out("", bytes), out("", bytes), out(s, bytes));
                }
                return PyTuple.of(out(s.substring(0, i), bytes), out(sep, bytes), out(s.substring(i + sep.length()), bytes));
            });
            default -> null;
        };
    }

    static List<String> split(String s, String sep, long max) {
        List<String> r = new ArrayList<>();
        if (sep == null) {
            String rest = s.stripLeading();
            while (!rest.isEmpty()) {
                if (max == 0) {
                    r.add(rest);
                    return r;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                r.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
                max--;
            }
            return r;
        }
        if (sep.isEmpty()) {
            throw PyException.type("ValueError", "empty separator");
        }
        int pos = 0;
        while (max != 0) {
            int i = s.indexOf(sep, pos);
            if (i < 0) {
                break;
            }
            r.add(s.substring(pos, i));
            pos = i + sep.length();
            max--;
        }
        r.add(s.substring(pos));
        return r;
    }
}
