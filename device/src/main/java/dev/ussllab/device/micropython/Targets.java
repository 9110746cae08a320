package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Interp.Scope;
import dev.ussllab.device.micropython.Node.*;
import java.util.List;
import java.util.Map;

/** Where values go: assignment (names, attributes, items, unpacking with *rest), augmented assignment, del. */
final class Targets {

    private Targets() {}

    static void augAssign(Interp in, AugAssign a, Scope s) {
        if (a.target() instanceof Name n) {
            setName(n.id(), inplace(a.op(), in.lookup(n.id(), s), in.eval(a.value(), s)), s);
        } else if (a.target() instanceof Attr at) {
            Object obj = in.eval(at.obj(), s);
            setAttr(obj, at.name(), inplace(a.op(), Interp.getAttr(obj, at.name()), in.eval(a.value(), s)));
        } else if (a.target() instanceof Index ix) {
            Object obj = in.eval(ix.obj(), s);
            Object idx = in.eval(ix.index(), s);
            Seq.set(obj, idx, inplace(a.op(), Seq.get(obj, idx), in.eval(a.value(), s)));
        } else {
            throw PyException.type("SyntaxError", "illegal expression for augmented assignment");
        }
    }

    private static Object inplace(String op, Object left, Object right) {
        if (op.equals("+") && left instanceof PyList l) {
            l.addAll(Iter.toList(right));
            return l;
        }
        return Ops.binary(op, left, right);
    }

    static void setName(String id, Object v, Scope s) {
        (s.globalNames.contains(id) ? s.globals : s.vars).put(id, v);
    }

    static void assign(Interp in, Expr target, Object v, Scope s) {
        if (target instanceof Name n) {
            setName(n.id(), v, s);
        } else if (target instanceof Attr a) {
            setAttr(in.eval(a.obj(), s), a.name(), v);
        } else if (target instanceof Index i) {
            Seq.set(in.eval(i.obj(), s), in.eval(i.index(), s), v);
        } else if (target instanceof TupleLit t) {
            unpack(in, t.items(), v, s);
        } else if (target instanceof ListLit l) {
            unpack(in, l.items(), v, s);
        } else {
            throw PyException.type("SyntaxError", "can't assign to expression");
        }
    }

    private static void unpack(Interp in, List<Expr> targets, Object v, Scope s) {
        List<Object> items = Iter.toList(v);
        int star = -1;
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) instanceof Starred) {
                star = i;
            }
        }
        if (star < 0) {
            if (items.size() != targets.size()) {
                throw PyException.type("ValueError", items.size() > targets.size()
                        ? "too many values to unpack (expected " + targets.size() + ")"
                        : "need more than " + items.size() + " values to unpack");
            }
            for (int i = 0; i < targets.size(); i++) {
                assign(in, targets.get(i), items.get(i), s);
            }
            return;
        }
        int after = targets.size() - star - 1;
        if (items.size() < targets.size() - 1) {
            throw PyException.type("ValueError", "need more than " + items.size() + " values to unpack");
        }
        for (int i = 0; i < star; i++) {
            assign(in, targets.get(i), items.get(i), s);
        }
        assign(in, ((Starred) targets.get(star)).value(), new PyList(items.subList(star, items.size() - after)), s);
        for (int i = 0; i < after; i++) {
            assign(in, targets.get(star + 1 + i), items.get(items.size() - after + i), s);
        }
    }

    static void delete(Interp in, Expr target, Scope s) {
        if (target instanceof Name n) {
            Map<String, Object> m = s.globalNames.contains(n.id()) ? s.globals : s.vars;
            if (m.remove(n.id()) == null) {
                throw PyException.type("NameError", "name '" + n.id() + "' isn't defined");
            }
        } else if (target instanceof Index i) {
            Seq.delete(in.eval(i.obj(), s), in.eval(i.index(), s));
        } else if (target instanceof TupleLit t) {
            t.items().forEach(x -> delete(in, x, s));
        } else {
            throw PyException.notInSubset("del of this target");
        }
    }

    private static void setAttr(Object obj, String name, Object v) {
        if (obj instanceof PyObject o) {
            o.setAttr(name, v);
        } else {
            throw PyException.type("AttributeError", "'" + Py.typeName(obj) + "' object has no attribute '" + name + "'");
        }
    }
}
