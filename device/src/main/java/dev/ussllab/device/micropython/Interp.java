package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Node.*;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tree-walking interpreter. One instance per board session (soft reboot makes a new one);
 * it is single-threaded, and checks the board's Ctrl-C flag before every statement.
 */
final class Interp {

    /** MicroPython on the ESP8266 gives up near this depth with a RuntimeError; a bound keeps Java's stack safe too. */
    static final int MAX_DEPTH = 80;

    record SliceValue(Object lo, Object hi, Object step) {}

    /** Where names live: a function's locals (or the module's globals) and the enclosing scope. */
    static final class Scope {
        final Map<String, Object> vars;
        final Scope enclosing;
        final Map<String, Object> globals;
        final Set<String> globalNames = new HashSet<>();
        final String file;
        final String block;
        Object returnValue = Py.NONE;

        Scope(Map<String, Object> vars, Scope enclosing, Map<String, Object> globals, String file, String block) {
            this.vars = vars;
            this.enclosing = enclosing;
            this.globals = globals;
            this.file = file;
            this.block = block;
        }
    }

    enum Flow { NORMAL, BREAK, CONTINUE, RETURN }

    private final Board board;
    private final Map<String, Object> builtins;
    private int depth;

    Interp(Board board) {
        this.board = board;
        this.builtins = Builtins.create(this, board);
    }

    Board board() {
        return board;
    }

    /** Runs source as a module in the given globals; a Python exception propagates as PyException. */
    void exec(String source, String file, Map<String, Object> globals) {
        List<Stmt> body;
        try {
            body = Parser.parseModule(source);
        } catch (PyException e) {
            List<PyExc.TraceEntry> tb = e.exc.traceback;
            for (int i = 0; i < tb.size(); i++) {
                tb.set(i, new PyExc.TraceEntry(file, tb.get(i).line(), tb.get(i).block()));
            }
            throw e;
        }
        globals.putIfAbsent("__name__", "__main__");
        execBlock(body, new Scope(globals, null, globals, file, "<module>"));
    }

    /** Evaluates one expression statement for the friendly REPL, returning its value or null. */
    Object evalInteractive(String source, Map<String, Object> globals) {
        List<Stmt> body = Parser.parseModule(source);
        Scope s = new Scope(globals, null, globals, "<stdin>", "<module>");
        if (body.size() == 1 && body.get(0) instanceof ExprStmt es) {
            try {
                return eval(es.expr(), s);
            } catch (PyException e) {
                addTrace(e, s, es.line());
                throw e;
            }
        }
        execBlock(body, s);
        return null;
    }

    /** Runs a def or lambda: a new scope over its closure, one recursion level deeper. */
    Object invoke(PyFunction f, List<Object> args, Map<String, Object> kwargs) {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw PyException.type("RuntimeError", "maximum recursion depth exceeded");
        }
        try {
            Scope closure = f.closure;
            Scope s = new Scope(f.bind(args, kwargs), closure.block.equals("<module>") ? null : closure,
                    closure.globals, closure.file, f.name);
            if (f.lambdaBody != null) {
                return eval(f.lambdaBody, s);
            }
            return execBlock(f.body, s) == Flow.RETURN ? s.returnValue : Py.NONE;
        } finally {
            depth--;
        }
    }

    // ---------------- statements ----------------

    Flow execBlock(List<Stmt> body, Scope s) {
        for (Stmt st : body) {
            Flow f;
            try {
                board.checkInterrupt();
                f = exec(st, s);
            } catch (PyException e) {
                addTrace(e, s, st.line());
                throw e;
            } catch (StackOverflowError e) {
                PyException pe = PyException.type("RuntimeError", "maximum recursion depth exceeded");
                addTrace(pe, s, st.line());
                throw pe;
            } catch (Board.ResetSignal | ConsoleInput.Closed e) {
                throw e;
            } catch (RuntimeException e) {
                // A case the subset's checks missed: still an error the program sees, never a crash.
                PyException pe = PyException.type("TypeError", "unsupported operation in ussl-lab's MicroPython subset ("
                        + e.getClass().getSimpleName() + ")");
                addTrace(pe, s, st.line());
                throw pe;
            }
            if (f != Flow.NORMAL) {
                return f;
            }
        }
        return Flow.NORMAL;
    }

    private static void addTrace(PyException e, Scope s, int line) {
        if (e.lastScope != s) {
            e.lastScope = s;
            e.exc.traceback.add(new PyExc.TraceEntry(s.file, line, s.block));
        }
    }

    private Flow exec(Stmt st, Scope s) {
        if (st instanceof ExprStmt e) {
            eval(e.expr(), s);
        } else if (st instanceof Assign a) {
                Object v = eval(a.value(), s);
                for (Expr t : a.targets()) {
                    Targets.assign(this, t, v, s);
                }
            } else if (st instanceof AugAssign a) {
                Targets.augAssign(this, a, s);
            } else if (st instanceof If i) {
                return execBlock(Py.truthy(eval(i.cond(), s)) ? i.body() : i.orElse(), s);
            } else if (st instanceof While w) {
                while (Py.truthy(eval(w.cond(), s))) {
                    Flow f = execBlock(w.body(), s);
                    if (f == Flow.BREAK) {
                        return Flow.NORMAL;
                    }
                    if (f == Flow.RETURN) {
                        return f;
                    }
                }
                return execBlock(w.orElse(), s);
            } else if (st instanceof For f) {
                var it = Iter.iterate(eval(f.iter(), s));
                while (it.hasNext()) {
                    Targets.assign(this, f.target(), it.next(), s);
                    Flow fl = execBlock(f.body(), s);
                    if (fl == Flow.BREAK) {
                        return Flow.NORMAL;
                    }
                    if (fl == Flow.RETURN) {
                        return fl;
                    }
                }
                return execBlock(f.orElse(), s);
            } else if (st instanceof Break b) {
                return Flow.BREAK;
            } else if (st instanceof Continue c) {
                return Flow.CONTINUE;
            } else if (st instanceof Pass) {
                return Flow.NORMAL;
            } else if (st instanceof Def d) {
                Targets.setName(d.name(), makeFunction(d.name(), d.params(), d.body(), null, s), s);
            } else if (st instanceof ClassDef c) {
                Targets.setName(c.name(), Classes.define(this, c, s), s);
            } else if (st instanceof Return r) {
                s.returnValue = r.value() == null ? Py.NONE : eval(r.value(), s);
                return Flow.RETURN;
            } else if (st instanceof Try t) {
                return execTry(t, s);
            } else if (st instanceof Raise r) {
                throw raise(r, s);
            } else if (st instanceof With w) {
                return execWith(w, s);
            } else if (st instanceof Import im) {
                for (Alias a : im.names()) {
                    PyModule m = board.modules().load(a.name());
                    if (a.as() != null) {
                        Targets.setName(a.as(), m, s);
                    } else {
                        Targets.setName(a.name().split("\\.")[0], board.modules().load(a.name().split("\\.")[0]), s);
                    }
                }
            } else if (st instanceof FromImport fi) {
                PyModule m = board.modules().load(fi.module());
                for (Alias a : fi.names()) {
                    if (a.name().equals("*")) {
                        m.attrs.forEach((k, v) -> {
                            if (!k.startsWith("_")) {
                                Targets.setName(k, v, s);
                            }
                        });
                        continue;
                    }
                    Object v = m.getAttr(a.name());
                    if (v == null) {
                        throw PyException.type("ImportError", "can't import name " + a.name());
                    }
                    Targets.setName(a.as() != null ? a.as() : a.name(), v, s);
                }
            } else if (st instanceof Global g) {
                s.globalNames.addAll(g.names());
            } else if (st instanceof Del d) {
                for (Expr t : d.targets()) {
                    Targets.delete(this, t, s);
                }
            } else if (st instanceof Assert a) {
                if (!Py.truthy(eval(a.cond(), s))) {
                    throw a.msg() == null ? PyException.of("AssertionError") : PyException.of("AssertionError", eval(a.msg(), s));
                }
            }
        return Flow.NORMAL;
    }

    private PyFunction makeFunction(String name, List<Param> params, List<Stmt> body, Expr lambdaBody, Scope s) {
        List<Object> defaults = new ArrayList<>();
        for (Param p : params) {
            defaults.add(p.dflt() == null ? null : eval(p.dflt(), s));
        }
        // Methods close over the scope around the class, never over the class body (Python's rule).
        Scope closure = s.block.equals(Classes.CLASS_BLOCK) ? s.enclosing : s;
        return new PyFunction(this, name, params, defaults, body, lambdaBody, closure);
    }

    private PyException raise(Raise r, Scope s) {
        if (r.exc() == null) {
            PyException current = board.currentException();
            if (current == null) {
                return PyException.type("RuntimeError", "no active exception to reraise");
            }
            return current;
        }
        Object v = eval(r.exc(), s);
        if (v instanceof ExcType t) {
            v = t.call(List.of(), Map.of());
        }
        if (!(v instanceof PyExc e)) {
            return PyException.type("TypeError", "exceptions must derive from BaseException");
        }
        return new PyException(e);
    }

    private Flow execTry(Try t, Scope s) {
        Flow result;
        try {
            try {
                result = execBlock(t.body(), s);
            } catch (PyException e) {
                Handler h = findHandler(t.handlers(), e, s);
                if (h == null) {
                    throw e;
                }
                PyException saved = board.currentException();
                board.setCurrentException(e);
                e.lastScope = null;
                try {
                    if (h.name() != null) {
                        Targets.setName(h.name(), e.exc, s);
                    }
                    return execBlock(h.body(), s);
                } finally {
                    board.setCurrentException(saved);
                    if (h.name() != null) {
                        s.vars.remove(h.name());
                    }
                }
            }
            return result == Flow.NORMAL ? execBlock(t.orElse(), s) : result;
        } finally {
            if (!t.fin().isEmpty()) {
                Flow f = execBlock(t.fin(), s);
                if (f != Flow.NORMAL) {
                    return f;
                }
            }
        }
    }

    private Handler findHandler(List<Handler> handlers, PyException e, Scope s) {
        for (Handler h : handlers) {
            if (h.type() == null) {
                return h;
            }
            Object t = eval(h.type(), s);
            List<Object> types = t instanceof PyTuple tup ? tup.items() : List.of(t);
            for (Object type : types) {
                if (!(type instanceof ExcType et)) {
                    throw PyException.type("TypeError", "catching classes that do not inherit from BaseException is not allowed");
                }
                if (e.exc.type.isSubclassOf(et)) {
                    return h;
                }
            }
        }
        return null;
    }

    private Flow execWith(With w, Scope s) {
        Object ctx = eval(w.ctx(), s);
        Object enter = ctx instanceof PyObject o ? o.getAttr("__enter__") : null;
        Object exit = ctx instanceof PyObject o ? o.getAttr("__exit__") : null;
        if (!(enter instanceof PyCallable en) || !(exit instanceof PyCallable ex)) {
            throw PyException.type("AttributeError", "'" + Py.typeName(ctx) + "' object has no attribute '__enter__'");
        }
        Object v = en.call(List.of(), Map.of());
        if (w.target() != null) {
            Targets.assign(this, w.target(), v, s);
        }
        try {
            return execBlock(w.body(), s);
        } finally {
            ex.call(List.of(Py.NONE, Py.NONE, Py.NONE), Map.of());
        }
    }

    // ---------------- names and attributes (assignment is in Targets) ----------------

    Object lookup(String id, Scope s) {
        Object v;
        if (!s.globalNames.contains(id)) {
            for (Scope sc = s; sc != null; sc = sc.enclosing) {
                v = sc.vars.get(id);
                if (v != null) {
                    return v;
                }
            }
        }
        v = s.globals.get(id);
        if (v != null) {
            return v;
        }
        v = builtins.get(id);
        if (v != null) {
            return v;
        }
        throw PyException.type("NameError", "name '" + id + "' isn't defined");
    }

    static Object getAttr(Object obj, String name) {
        Object v = obj instanceof PyObject o ? o.getAttr(name) : Methods.bound(obj, name);
        if (v == null) {
            throw PyException.type("AttributeError", "'" + Py.typeName(obj) + "' object has no attribute '" + name + "'");
        }
        return v;
    }

    // ---------------- expressions ----------------

    Object eval(Expr e, Scope s) {
        return Eval.eval(this, e, s);
    }

    PyFunction lambda(Lambda l, Scope s) {
        return makeFunction("<lambda>", l.params(), null, l.body(), s);
    }
}
