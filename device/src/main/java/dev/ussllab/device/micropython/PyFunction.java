package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Node.Expr;
import dev.ussllab.device.micropython.Node.Param;
import dev.ussllab.device.micropython.Node.Stmt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A def or lambda, closed over the scope it was made in. */
final class PyFunction implements PyCallable {
    private final Interp interp;
    final String name;
    final List<Param> params;
    final List<Object> defaults;
    final List<Stmt> body;
    final Expr lambdaBody;
    final Interp.Scope closure;

    PyFunction(Interp interp, String name, List<Param> params, List<Object> defaults, List<Stmt> body, Expr lambdaBody, Interp.Scope closure) {
        this.interp = interp;
        this.name = name;
        this.params = params;
        this.defaults = defaults;
        this.body = body;
        this.lambdaBody = lambdaBody;
        this.closure = closure;
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return interp.invoke(this, args, kwargs);
    }

    Map<String, Object> bind(List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> vars = new LinkedHashMap<>();
        int ai = 0;
        PyDict extraKw = null;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (p.kind() == 1) {
                vars.put(p.name(), new PyTuple(args.subList(Math.min(ai, args.size()), args.size())));
                ai = args.size();
            } else if (p.kind() == 2) {
                extraKw = new PyDict();
                vars.put(p.name(), extraKw);
            } else if (ai < args.size()) {
                vars.put(p.name(), args.get(ai++));
            }
        }
        if (ai < args.size()) {
            throw PyException.type("TypeError", "function takes " + ai + " positional arguments but "
                    + args.size() + " were given");
        }
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            boolean named = params.stream().anyMatch(p -> p.kind() == 0 && p.name().equals(kw.getKey()));
            if (named) {
                if (vars.containsKey(kw.getKey())) {
                    throw PyException.type("TypeError", "function got multiple values for argument '" + kw.getKey() + "'");
                }
                vars.put(kw.getKey(), kw.getValue());
            } else if (extraKw != null) {
                extraKw.put(kw.getKey(), kw.getValue());
            } else {
                throw PyException.type("TypeError", "unexpected keyword argument '" + kw.getKey() + "'");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (p.kind() == 0 && !vars.containsKey(p.name())) {
                if (defaults.get(i) == null) {
                    throw PyException.type("TypeError", "function missing required positional argument '" + p.name() + "'");
                }
                vars.put(p.name(), defaults.get(i));
            }
        }
        return vars;
    }

    @Override
    public String toString() {
        return "<function " + name + ">";
    }
}

