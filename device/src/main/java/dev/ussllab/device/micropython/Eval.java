package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Interp.Scope;
import dev.ussllab.device.micropython.Node.*;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Expression evaluation, split from {@link Interp} to keep each file readable. */
final class Eval {

    private Eval() {}

    static Object eval(Interp in, Expr e, Scope s) {
        if (e instanceof Const c) {
                return c.value();
            } else if (e instanceof Name n) {
                return in.lookup(n.id(), s);
            } else if (e instanceof FStr f) {
                StringBuilder sb = new StringBuilder();
                for (Object part : f.parts()) {
                    if (part instanceof FPart fp) {
                        sb.append(Format.convert(eval(in, fp.expr(), s), fp.conversion(), fp.spec()));
                    } else {
                        sb.append(part);
                    }
                }
                return sb.toString();
            } else if (e instanceof Attr a) {
                return Interp.getAttr(eval(in, a.obj(), s), a.name());
            } else if (e instanceof Index i) {
                return Seq.get(eval(in, i.obj(), s), eval(in, i.index(), s));
            } else if (e instanceof Slice sl) {
                return new Interp.SliceValue(opt(in, sl.lo(), s), opt(in, sl.hi(), s), opt(in, sl.step(), s));
            } else if (e instanceof Call c) {
                return call(in, c, s);
            } else if (e instanceof BinOp b) {
                return Ops.binary(b.op(), eval(in, b.left(), s), eval(in, b.right(), s));
            } else if (e instanceof Unary u) {
                return Ops.unary(u.op(), eval(in, u.operand(), s));
            } else if (e instanceof BoolOp b) {
                Object left = eval(in, b.left(), s);
                boolean t = Py.truthy(left);
                if (b.op().equals("and") ? !t : t) {
                    return left;
                }
                return eval(in, b.right(), s);
            } else if (e instanceof Compare c) {
                Object left = eval(in, c.operands().get(0), s);
                for (int i = 0; i < c.ops().size(); i++) {
                    Object right = eval(in, c.operands().get(i + 1), s);
                    if (!compare(c.ops().get(i), left, right)) {
                        return false;
                    }
                    left = right;
                }
                return true;
            } else if (e instanceof IfExp i) {
                return eval(in, Py.truthy(eval(in, i.cond(), s)) ? i.then() : i.orElse(), s);
            } else if (e instanceof ListLit l) {
                return new PyList(items(in, l.items(), s));
            } else if (e instanceof TupleLit t) {
                return new PyTuple(items(in, t.items(), s));
            } else if (e instanceof DictLit d) {
                PyDict r = new PyDict();
                for (int i = 0; i < d.keys().size(); i++) {
                    r.put(Dicts.key(eval(in, d.keys().get(i), s)), eval(in, d.values().get(i), s));
                }
                return r;
            } else if (e instanceof Lambda l) {
                return in.lambda(l, s);
            } else if (e instanceof Comp c) {
                return comprehension(in, c, s);
            }
        throw PyException.type("SyntaxError", "can't use starred expression here");
    }

    private static Object opt(Interp in, Expr e, Scope s) {
        return e == null ? Py.NONE : eval(in, e, s);
    }

    private static List<Object> items(Interp in, List<Expr> exprs, Scope s) {
        List<Object> r = new ArrayList<>(exprs.size());
        for (Expr x : exprs) {
            if (x instanceof Starred st) {
                r.addAll(Iter.toList(eval(in, st.value(), s)));
            } else {
                r.add(eval(in, x, s));
            }
        }
        return r;
    }

    private static boolean compare(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> Ops.eq(a, b);
            case "!=" -> !Ops.eq(a, b);
            case "<" -> Ops.compare(op, a, b) < 0;
            case ">" -> Ops.compare(op, a, b) > 0;
            case "<=" -> Ops.compare(op, a, b) <= 0;
            case ">=" -> Ops.compare(op, a, b) >= 0;
            case "in" -> Iter.contains(b, a);
            case "not in" -> !Iter.contains(b, a);
            case "is" -> a == b || (a instanceof Boolean && a.equals(b)) || (a instanceof Long && a.equals(b) && Math.abs((Long) a) < 1 << 30);
            case "is not" -> !compare("is", a, b);
            default -> throw new IllegalStateException(op);
        };
    }

    private static Object call(Interp in, Call c, Scope s) {
        Object fn = eval(in, c.fn(), s);
        List<Object> args = items(in, c.args(), s);
        if (c.starArgs() != null) {
            args.addAll(Iter.toList(eval(in, c.starArgs(), s)));
        }
        Map<String, Object> kwargs = c.kwargs().isEmpty() && c.starKw() == null ? Map.of() : new LinkedHashMap<>();
        for (Keyword k : c.kwargs()) {
            kwargs.put(k.name(), eval(in, k.value(), s));
        }
        if (c.starKw() != null) {
            Object m = eval(in, c.starKw(), s);
            if (!(m instanceof PyDict d)) {
                throw PyException.type("TypeError", "argument after ** must be a dict");
            }
            d.forEach((k, v) -> kwargs.put(Py.str(k), v));
        }
        if (!(fn instanceof PyCallable callable)) {
            throw PyException.type("TypeError", "'" + Py.typeName(fn) + "' object isn't callable");
        }
        return callable.call(args, kwargs);
    }

    private static Object comprehension(Interp in, Comp c, Scope outer) {
        // A comprehension has its own scope in Python 3: its loop variables do not leak.
        Scope s = new Scope(new LinkedHashMap<>(), outer.block.equals("<module>") ? null : outer,
                outer.globals, outer.file, c.kind().equals("gen") ? "<genexpr>" : "<listcomp>");
        if (c.kind().equals("gen")) {
            return new PyIter(new Generator(in, c, s), "generator");
        }
        PyList list = new PyList();
        PyDict dict = new PyDict();
        loop(in, c, 0, s, list, dict);
        return c.kind().equals("dict") ? dict : list;
    }

    private static void loop(Interp in, Comp c, int level, Scope s, PyList list, PyDict dict) {
        if (level == c.fors().size()) {
            if (c.kind().equals("dict")) {
                dict.put(Dicts.key(eval(in, c.elt(), s)), eval(in, c.value(), s));
            } else {
                list.add(eval(in, c.elt(), s));
            }
            return;
        }
        CompFor f = c.fors().get(level);
        var it = Iter.iterate(eval(in, f.iter(), s));
        outer:
        while (it.hasNext()) {
            Targets.assign(in, f.target(), it.next(), s);
            for (Expr cond : f.conds()) {
                if (!Py.truthy(eval(in, cond, s))) {
                    continue outer;
                }
            }
            loop(in, c, level + 1, s, list, dict);
        }
    }

    /**
     * A generator expression's items, computed one at a time as Python does: the first iterable
     * is evaluated at once, the rest (and the conditions and the element) only when an item is taken.
     */
    private static final class Generator implements Iterator<Object> {
        private final Interp in;
        private final Comp c;
        private final Scope s;
        private final List<Iterator<Object>> levels = new ArrayList<>();
        private Object next;
        private boolean ready;

        Generator(Interp in, Comp c, Scope s) {
            this.in = in;
            this.c = c;
            this.s = s;
            levels.add(Iter.iterate(eval(in, c.fors().get(0).iter(), s)));
        }

        @Override
        public boolean hasNext() {
            if (!ready) {
                ready = advance();
            }
            return ready;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            Object v = next;
            next = null;
            return v;
        }

        private boolean advance() {
            while (!levels.isEmpty()) {
                int level = levels.size() - 1;
                Iterator<Object> it = levels.get(level);
                if (!it.hasNext()) {
                    levels.remove(level);
                    continue;
                }
                CompFor f = c.fors().get(level);
                Targets.assign(in, f.target(), it.next(), s);
                if (!allTrue(f.conds())) {
                    continue;
                }
                if (level + 1 == c.fors().size()) {
                    next = eval(in, c.elt(), s);
                    return true;
                }
                levels.add(Iter.iterate(eval(in, c.fors().get(level + 1).iter(), s)));
            }
            return false;
        }

        private boolean allTrue(List<Expr> conds) {
            for (Expr cond : conds) {
                if (!Py.truthy(eval(in, cond, s))) {
                    return false;
                }
            }
            return true;
        }
    }
}
